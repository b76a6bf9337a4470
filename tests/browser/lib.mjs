// lib.mjs - what the browser tests share: TAP output, a stocktake server on a loopback port
// with its own database (like tests/http/harness.py), the route table read from
// src/app/routes.c, and the browser (Debian's chromium; Playwright never downloads one).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PROGRAM = process.env.STOCKTAKE || path.join(ROOT, 'build', 'stocktake');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// TAP: "ok N - name" / "not ok N - name" with the detail as "# " lines.
export const tap = {
	n: 0,
	failed: 0,
	check(name, ok, detail = '') {
		this.n++;
		if (ok) {
			console.log(`ok ${this.n} - ${name}`);
		} else {
			this.failed++;
			console.log(`not ok ${this.n} - ${name}`);
			for (const line of String(detail).split('\n').slice(0, 40))
				console.log(`# ${line}`);
		}
		return ok;
	},
	equal(name, got, want) {
		return this.check(name, got === want, `want: ${JSON.stringify(want)}\ngot:  ${JSON.stringify(got)}`);
	},
	finish() {
		console.log(`1..${this.n}`);
		process.exitCode = this.failed ? 1 : 0;
	},
};

// run runs the program with args (and --db db); throws when it fails.
export function run(args, { db, input } = {}) {
	const argv = (db ? ['--db', db] : []).concat(args);
	const p = spawnSync(PROGRAM, argv, { cwd: ROOT, input, encoding: 'utf8' });
	if (p.status !== 0)
		throw new Error(`stocktake ${argv.join(' ')} failed (${p.status}): ${p.stderr}`);
	return p;
}

function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
		s.on('error', reject);
	});
}

// Server: a fresh database with the frameworks and the sample data, served on a free port.
export class Server {
	static async start() {
		const srv = new Server();
		srv.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stocktake-browser-'));
		srv.db = path.join(srv.dir, 't.db');
		run(['init'], { db: srv.db });
		run(['import', '--state', 'published', 'data/sample/wsis_prizes_2015.jsonl',
			'data/sample/worldbank.jsonl', 'data/sample/dpg_candidates.jsonl'], { db: srv.db });
		srv.port = await freePort();
		srv.logPath = path.join(srv.dir, 'server.log');
		const log = fs.openSync(srv.logPath, 'w');
		srv.proc = spawn(PROGRAM, ['--db', srv.db, 'serve', '--listen', `127.0.0.1:${srv.port}`,
			'--threads', '4'], { cwd: ROOT, stdio: ['ignore', 'pipe', log] });
		const line = await new Promise((resolve) => {
			let out = '';
			srv.proc.stdout.on('data', (d) => {
				out += d;
				if (out.includes('\n'))
					resolve(out);
			});
			srv.proc.on('exit', () => resolve(out));
		});
		// Never leave a server behind, whatever happens to this process.
		process.on('exit', () => {
			if (srv.proc.exitCode === null)
				srv.proc.kill('SIGKILL');
		});
		if (!line.includes('listening on'))
			throw new Error(`server did not start: ${line} ${srv.log()}`);
		srv.base = `http://127.0.0.1:${srv.port}`;
		return srv;
	}

	// user creates an account through the CLI and returns its password.
	user(email, role, password = 'correct horse battery') {
		run(['user', 'add', email, '--role', role, '--password-stdin'], { db: this.db, input: password + '\n' });
		return password;
	}

	log() {
		try {
			return fs.readFileSync(this.logPath, 'utf8');
		} catch {
			return '';
		}
	}

	async stop() {
		if (this.proc && this.proc.exitCode === null) {
			const done = new Promise((resolve) => this.proc.on('exit', resolve));
			this.proc.kill('SIGTERM');
			await done;
		}
		fs.rmSync(this.dir, { recursive: true, force: true });
	}
}

// routes reads the route table: [{method, pattern, handler, role, prefix, api}].
export function routes() {
	const src = fs.readFileSync(path.join(ROOT, 'src', 'app', 'routes.c'), 'utf8');
	const re = /\{\s*HTTP_(\w+),\s*"([^"]+)",\s*(\w+),\s*(ROLE_\w+),\s*([^}]*)\}/g;
	const out = [];
	for (const m of src.matchAll(re))
		out.push({ method: m[1], pattern: m[2], handler: m[3], role: m[4],
			prefix: m[5].includes('ROUTE_PREFIX_ARG'), api: m[5].includes('ROUTE_API') });
	return out;
}

// routeOf finds the route a GET of pathname reaches (as app.c matches them), or null.
export function routeOf(table, pathname) {
	for (const r of table) {
		if (r.method !== 'GET')
			continue;
		if (r.pattern.includes('*')) {
			const [pre, post] = r.pattern.split('*');
			if (pathname.startsWith(pre) && pathname.endsWith(post) && post &&
				/^[^/]+$/.test(pathname.slice(pre.length, pathname.length - post.length)))
				return r;
		} else if (r.prefix) {
			const rest = pathname.startsWith(r.pattern) ? pathname.slice(r.pattern.length) : null;
			if (rest && !rest.includes('/'))
				return r;
		} else if (pathname === r.pattern) {
			return r;
		}
	}
	return null;
}

// launch starts headless chromium with a fresh profile; returns the persistent context.
export async function launch() {
	const { chromium } = await import('playwright-core');
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'stocktake-chromium-'));
	const ctx = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		viewport: { width: 1280, height: 900 },
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync',
			'--disable-dev-shm-usage'],
	});
	ctx.profile = profile;
	return ctx;
}
