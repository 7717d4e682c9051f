// PASS/FAIL lines for the package test, and the closing "N passed, M failed".

export class Report {
  passed = 0;
  failed = 0;
  failures = [];

  /** Records one check. `ok` may be a boolean or a function returning one (a throw counts as a failure). */
  check(name, ok, detail = "") {
    let result = ok;
    if (typeof ok === "function") {
      try {
        result = ok();
      } catch (error) {
        result = false;
        detail = `${detail ? `${detail}; ` : ""}${error instanceof Error ? error.message : error}`;
      }
    }
    if (result) {
      this.passed++;
      console.log(`PASS ${name}${detail ? ` (${detail})` : ""}`);
    } else {
      this.failed++;
      this.failures.push(name);
      console.log(`FAIL ${name}${detail ? ` (${detail})` : ""}`);
    }
    return Boolean(result);
  }

  note(message) {
    console.log(`  note: ${message}`);
  }

  section(title) {
    console.log(`\n== ${title}`);
  }

  summary() {
    if (this.failures.length > 0) console.log(`\nfailed checks: ${this.failures.join("; ")}`);
    console.log(`\n${this.passed} passed, ${this.failed} failed`);
    return this.failed === 0;
  }
}

/** Runs `fn`, printing how long it took. */
export async function timed(label, fn) {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    console.log(`  time: ${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
