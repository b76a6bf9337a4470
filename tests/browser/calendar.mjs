// calendar.mjs - checks iCalendar output (RFC 5545) with a real parser, ical.js: it must
// parse, every VEVENT must carry UID, DTSTAMP and DTSTART, and every physical line must end in
// CRLF and be at most 75 octets (ical.js itself tolerates long lines, so that is checked
// here). checkCalendars also proves the check can fail: a copy with a fold broken, one with a
// DTSTAMP taken out and one with a line left unfolded are each rejected.
import ICAL from 'ical.js';

// problems lists what is wrong with the calendar text (empty when nothing is).
export function problems(text) {
	const out = [];
	const bytes = Buffer.from(text, 'utf8');
	if (!text.endsWith('\r\n'))
		out.push('does not end in CRLF');
	let start = 0;
	for (let i = 0; i < bytes.length; i++) {
		if (bytes[i] !== 0x0a)
			continue;
		if (i === 0 || bytes[i - 1] !== 0x0d)
			out.push(`a bare LF at byte ${i}`);
		const len = i - 1 - start;
		if (len > 75)
			out.push(`a line of ${len} octets at byte ${start}`);
		start = i + 1;
	}
	let comp;
	try {
		comp = new ICAL.Component(ICAL.parse(text));
	} catch (e) {
		out.push(`ical.js cannot parse it: ${e.message}`);
		return out;
	}
	if (comp.name !== 'vcalendar')
		out.push(`the top component is ${comp.name}`);
	for (const p of ['version', 'prodid'])
		if (!comp.hasProperty(p))
			out.push(`the calendar has no ${p.toUpperCase()}`);
	const events = comp.getAllSubcomponents('vevent');
	if (!events.length)
		out.push('no VEVENT');
	for (const ev of events)
		for (const p of ['uid', 'dtstamp', 'dtstart'])
			if (!ev.hasProperty(p))
				out.push(`an event (${ev.getFirstPropertyValue('summary')}) has no ${p.toUpperCase()}`);
	return out;
}

// events parses text into [{uid, summary, start (ICAL.Time), end, sequence}].
export function events(text) {
	const comp = new ICAL.Component(ICAL.parse(text));
	return comp.getAllSubcomponents('vevent').map((c) => {
		const ev = new ICAL.Event(c);
		return { uid: ev.uid, summary: ev.summary, start: ev.startDate, end: ev.endDate,
			sequence: ev.sequence, location: ev.location };
	});
}

// checkCalendars checks the site's calendars: the whole timeline and one call's.
export async function checkCalendars(ctx, base, tap, callId) {
	const tl = await (await ctx.request.get(`${base}/timeline.ics`)).text();
	const one = await (await ctx.request.get(`${base}/calls/${callId}.ics`)).text();
	tap.check('/timeline.ics: ical.js parses it; UID, DTSTAMP, DTSTART on every event; CRLF; lines <= 75 octets',
		problems(tl).length === 0, problems(tl).join('\n'));
	tap.check(`/calls/${callId}.ics: the same`, problems(one).length === 0, problems(one).join('\n'));
	const evs = events(tl);
	const hle = evs.find((e) => e.uid === 'wsis20-high-level-event@stocktake.wsis20');
	tap.check('ical.js reads the High-Level Event as 7 to 11 July 2025 (whole days), Palexpo, Geneva',
		hle && hle.start.isDate && hle.start.toString() === '2025-07-07' && hle.end.toString() === '2025-07-12' &&
		hle.location === 'Palexpo, Geneva', JSON.stringify(hle && { s: hle.start.toString(), e: hle.end.toString(), l: hle.location }));
	const amman = evs.find((e) => e.uid === 'regional-review-amman@stocktake.wsis20');
	tap.check('the Amman regional review meeting spans 23 to 26 February 2025',
		amman && amman.start.toString() === '2025-02-23' && amman.end.toString() === '2025-02-27');
	const dl = events(one)[0];
	tap.check('ical.js reads the call\'s deadline as a UTC moment', dl && !dl.start.isDate && dl.start.zone &&
		dl.start.zone.tzid === 'UTC', JSON.stringify(dl && dl.start.toString()));
	// The check must be able to fail.
	const long = tl.split('\r\n').find((l) => l.startsWith(' '));
	const brokenFold = tl.replace(/\r\n (\S)/, '\r\n$1');
	const noStamp = tl.replace(/DTSTAMP:[^\r]*\r\n/, '');
	const unfolded = tl.replace(/\r\n /g, '');
	tap.check('the timeline has a folded line to break', !!long);
	tap.check('a broken fold is caught', problems(brokenFold).length > 0);
	tap.check('a missing DTSTAMP is caught', problems(noStamp).some((p) => p.includes('DTSTAMP')),
		problems(noStamp).join('\n'));
	tap.check('a line left unfolded past 75 octets is caught', problems(unfolded).some((p) => p.includes('octets')));
	tap.check('bare LF line ends are caught', problems(tl.replace(/\r\n/g, '\n')).length > 0);
}
