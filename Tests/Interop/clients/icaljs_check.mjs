// Thunderbird's calendar parser, ical.js, reading every feed.
//   node icaljs_check.mjs ICALJS FEEDS_DIR > results.tsv
// ICALJS: the ical.js that clients.sh extracted from Thunderbird's omni.ja
// (modules/calendar/Ical.sys.mjs, an ES module, in Thunderbird 115+; older
// versions ship a script that defines a global ICAL, also handled).
// Prints compare.py's tab-separated lines: for each VEVENT its UID, start and
// end in UTC (or the DATE of an all-day event), and every VALARM trigger.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { pathToFileURL } from "node:url";

const [icaljsPath, feedsDir] = process.argv.slice(2);
if (!icaljsPath || !feedsDir) {
  console.error("usage: node icaljs_check.mjs ICALJS FEEDS_DIR");
  process.exit(2);
}

async function loadIcal(file) {
  const code = fs.readFileSync(file, "utf8");
  if (/^export\s/m.test(code)) {
    const mod = await import(pathToFileURL(path.resolve(file)).href);
    return mod.default ?? mod.ICAL ?? mod;
  }
  const sandbox = {};
  vm.runInNewContext(code + "\n;this.ICAL = ICAL;", sandbox, { filename: file });
  return sandbox.ICAL;
}

const ICAL = await loadIcal(icaljsPath);
const tab = (...fields) => console.log(fields.map(f => String(f).replace(/[\t\n]/g, " ")).join("\t"));

function feedsUnder(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...feedsUnder(full));
    else if (entry.name.endsWith(".ics")) out.push(full);
  }
  return out.sort();
}

// A Time as compare.py wants it: YYYY-MM-DD for a DATE, ...Z for an instant,
// no suffix when ical.js has it floating (no known zone).
function when(time, prop, uid) {
  if (time.isDate) return time.toString();
  const tzid = prop && prop.getParameter("tzid");
  if (tzid && !ICAL.TimezoneService.has(tzid)) {
    errors.push(`${uid}: ${prop.name.toUpperCase()};TZID=${tzid}: no VTIMEZONE with that TZID in the feed, so ical.js reads the time as floating`);
  }
  const zone = time.zone;
  if (!zone || zone.tzid === "floating" || zone === ICAL.Timezone.localTimezone) {
    return time.toString().replace(/Z$/, "");
  }
  return time.convertToZone(ICAL.Timezone.utcTimezone).toString();
}

function trigger(alarm) {
  const prop = alarm.getFirstProperty("trigger");
  if (!prop) return "none";
  const value = prop.getFirstValue();
  if (value instanceof ICAL.Duration) {
    const related = (prop.getParameter("related") || "START").toUpperCase();
    return (related === "END" ? "E" : "S") + value.toSeconds();
  }
  return "@" + value.convertToZone(ICAL.Timezone.utcTimezone).toString();
}

let errors = [];
for (const file of feedsUnder(feedsDir)) {
  tab("feed", path.relative(feedsDir, file));
  errors = [];
  try {
    const cal = new ICAL.Component(ICAL.parse(fs.readFileSync(file, "utf8")));
    // As Thunderbird does for an ICS subscription: the feed's own VTIMEZONEs.
    // reset() so that one feed's zone cannot stand in for another's.
    ICAL.TimezoneService.reset();
    for (const vtz of cal.getAllSubcomponents("vtimezone")) {
      ICAL.TimezoneService.register(vtz);
    }
    for (const vevent of cal.getAllSubcomponents("vevent")) {
      const ev = new ICAL.Event(vevent);
      const start = when(ev.startDate, vevent.getFirstProperty("dtstart"), ev.uid);
      const end = ev.endDate ? when(ev.endDate, vevent.getFirstProperty("dtend"), ev.uid) : "-";
      const alarms = vevent.getAllSubcomponents("valarm").map(trigger).join(",");
      tab("event", ev.uid, start, end, alarms, ev.summary ?? "");
    }
  } catch (e) {
    errors.push(`ical.js threw ${e.name}: ${e.message}`);
  }
  for (const e of errors) tab("error", e);
}
