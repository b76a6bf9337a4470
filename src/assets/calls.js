// stocktake - calls for inputs, progressive enhancement only: the pages show every deadline
// in UTC and in the call's time zone without this file. With it, each deadline also shows in
// the viewer's own time zone, and the time left counts down from the server's figure (so a
// computer whose clock is wrong does not mislead), and free-text answers count their words.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
	var zone = "";
	try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
	document.querySelectorAll("time.moment").forEach(function (el) {
		var out = el.parentNode.querySelector(".viewer-time");
		var when = new Date(el.getAttribute("datetime"));
		if (!out || isNaN(when.getTime()) || !zone) return;
		var text = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
			dateStyle: "full", timeStyle: "long"
		}).format(when);
		out.textContent = "(" + text + ", " + zone + ")";
		out.hidden = false;
	});
	var left = document.querySelector(".time-left");
	if (left) {
		var secs = parseInt(left.getAttribute("data-seconds-left"), 10);
		var span = left.querySelector(".left");
		var start = Date.now();
		var tick = function () {
			var s = secs - Math.floor((Date.now() - start) / 1000);
			if (s < 0) s = 0;
			var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600);
			var m = Math.floor(s % 3600 / 60), r = s % 60;
			var pad = function (n) { return (n < 10 ? "0" : "") + n; };
			var days = span.textContent.replace(/^\d+/, String(d)).replace(/,.*$/, "");
			span.textContent = days + ", " + pad(h) + ":" + pad(m) + ":" + pad(r);
		};
		if (span && !isNaN(secs)) window.setInterval(tick, 1000);
	}
	document.querySelectorAll("textarea[data-word-limit]").forEach(function (ta) {
		var limit = parseInt(ta.getAttribute("data-word-limit"), 10);
		var out = document.getElementById(ta.id + "-count");
		if (!out || !limit) return;
		var count = function () {
			var words = ta.value.trim() ? ta.value.trim().split(/\s+/).length : 0;
			out.textContent = words + " / " + limit;
			out.classList.toggle("over", words > limit);
		};
		ta.addEventListener("input", count);
		count();
	});
});
