// Parses the fpm command line that electron-builder's FpmTarget produces for a
// deb (app-builder-lib/out/targets/FpmTarget.js), e.g.
//   -s dir --force -t deb -d libgtk-3-0 --deb-compression xz --architecture arm64
//   --after-install F --after-remove F --description D --version 0.1.0
//   --package out.deb --name edge-gemma --maintainer M --vendor V --url U
//   --deb-priority optional  appOutDir/=/opt/Edge Gemma  icon.png=/usr/share/...
// Anything it does not know is an error, so a change in electron-builder shows
// up as a failed build instead of a silently different package.

const VALUE_OPTIONS = new Map([
  ["-s", "inputType"],
  ["-t", "outputType"],
  ["--architecture", "architecture"],
  ["--after-install", "afterInstall"],
  ["--after-remove", "afterRemove"],
  ["--before-install", "beforeInstall"],
  ["--before-remove", "beforeRemove"],
  ["--description", "description"],
  ["--version", "version"],
  ["--iteration", "iteration"],
  ["--epoch", "epoch"],
  ["--package", "package"],
  ["--name", "name"],
  ["--maintainer", "maintainer"],
  ["--vendor", "vendor"],
  ["--url", "url"],
  ["--license", "license"],
  ["--category", "category"],
  ["--deb-priority", "priority"],
  ["--deb-compression", "compression"],
  ["--log", "log"],
]);

const LIST_OPTIONS = new Map([
  ["-d", "depends"],
  ["--depends", "depends"],
  ["--deb-recommends", "recommends"],
  ["--deb-suggests", "suggests"],
  ["--conflicts", "conflicts"],
  ["--replaces", "replaces"],
  ["--provides", "provides"],
]);

const FLAG_OPTIONS = new Map([
  ["--force", "force"],
  ["--debug", "debug"],
]);

/**
 * @param {string[]} argv arguments after the program name
 * @returns {{options: Record<string, any>, mappings: {source: string, destination: string}[]}}
 */
export function parseFpmArgs(argv) {
  const options = { depends: [], recommends: [], suggests: [], conflicts: [], replaces: [], provides: [] };
  const mappings = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (FLAG_OPTIONS.has(arg)) {
      options[FLAG_OPTIONS.get(arg)] = true;
    } else if (VALUE_OPTIONS.has(arg) || LIST_OPTIONS.has(arg)) {
      const value = argv[++i];
      if (value === undefined) throw new Error(`fpm option ${arg} needs a value`);
      if (LIST_OPTIONS.has(arg)) options[LIST_OPTIONS.get(arg)].push(value);
      else options[VALUE_OPTIONS.get(arg)] = value;
    } else if (arg.startsWith("-")) {
      throw new Error(`unsupported fpm option: ${arg} (packaging/fpm/dpkg-deb-fpm.mjs knows only what electron-builder passes for a deb)`);
    } else {
      const at = arg.indexOf("=");
      if (at <= 0) throw new Error(`expected a source=destination mapping, got: ${arg}`);
      mappings.push({ source: arg.slice(0, at), destination: arg.slice(at + 1) });
    }
  }
  if (options.inputType !== "dir") throw new Error(`only "-s dir" is supported, got: ${options.inputType}`);
  if (options.outputType !== "deb") throw new Error(`only "-t deb" is supported, got: ${options.outputType}`);
  for (const required of ["name", "version", "architecture", "package", "maintainer"]) {
    if (!options[required]) throw new Error(`missing fpm option for ${required}`);
  }
  return { options, mappings };
}
