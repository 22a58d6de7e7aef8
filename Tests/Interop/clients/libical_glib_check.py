#!/usr/bin/python3
"""Evolution's calendar library, libical-glib (ICalGLib 3.0 through python3-gi),
reading every feed.

    /usr/bin/python3 -I libical_glib_check.py FEEDS_DIR > results.tsv

Prints compare.py's tab-separated lines: each VEVENT's UID, start and end
converted to UTC (or the DATE of an all-day event) and every VALARM trigger,
and an error line for
  * every X-LIC-ERROR libical adds while parsing;
  * a TZID that no VTIMEZONE in the feed defines (libical then falls back to
    its built-in zone, but RFC 5545 3.2.19 wants the VTIMEZONE);
  * a failed iTIP restriction check, i_cal_component_check_restrictions(),
    which judges the calendar against its METHOD (RFC 5546; for PUBLISH a
    VEVENT needs exactly one ORGANIZER).  libical stops at the first failing
    component, so one message is reported per feed.
"""
import os
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as I  # noqa: E402

K = I.ComponentKind
P = I.PropertyKind


def x_lic_errors(comp, path=""):
    """[(where, text)] of every X-LIC-ERROR in comp and below."""
    kind = I.Component.kind_to_string(comp.isa())
    uid = comp.get_uid() if comp.isa() == K.VEVENT_COMPONENT else None
    where = path + "/" + kind + ("(%s)" % uid if uid else "")
    out = []
    prop = comp.get_first_property(P.XLICERROR_PROPERTY)
    while prop is not None:
        out.append((where, prop.get_xlicerror()))
        prop = comp.get_next_property(P.XLICERROR_PROPERTY)
    sub = comp.get_first_component(K.ANY_COMPONENT)
    while sub is not None:
        out += x_lic_errors(sub, where)
        sub = comp.get_next_component(K.ANY_COMPONENT)
    return out


def children(comp, kind):
    sub = comp.get_first_component(kind)
    while sub is not None:
        yield sub
        sub = comp.get_next_component(kind)


UTC = I.Timezone.get_utc_timezone()


def when(cal, vevent, time, kind, errors):
    """YYYY-MM-DD for a DATE, ...Z for an instant, no suffix if floating."""
    if time is None or time.is_null_time():
        return "-"
    if time.is_date():
        return "%04d-%02d-%02d" % (time.get_year(), time.get_month(), time.get_day())
    prop = vevent.get_first_property(kind)
    tzid = None
    if prop is not None:
        param = prop.get_first_parameter(I.ParameterKind.TZID_PARAMETER)
        tzid = param.get_tzid() if param is not None else None
    if tzid and cal.get_timezone(tzid) is None:
        errors.append("%s: %s;TZID=%s has no VTIMEZONE in the feed (libical falls back to %s)" % (
            vevent.get_uid(), I.Property.kind_to_string(kind), tzid,
            "its built-in zone" if time.get_timezone() is not None else "floating time"))
    zone = time.get_timezone()
    if zone is None and not time.is_utc():
        return "%04d-%02d-%02dT%02d:%02d:%02d" % (time.get_year(), time.get_month(), time.get_day(),
                                                  time.get_hour(), time.get_minute(), time.get_second())
    return "@%d" % time.as_timet_with_zone(zone or UTC)


def trigger(alarm):
    prop = alarm.get_first_property(P.TRIGGER_PROPERTY)
    if prop is None:
        return "none"
    trig = prop.get_trigger()
    t = trig.get_time()
    if t is not None and not t.is_null_time():
        return "@%04d-%02d-%02dT%02d:%02d:%02dZ" % (t.get_year(), t.get_month(), t.get_day(),
                                                    t.get_hour(), t.get_minute(), t.get_second())
    related = prop.get_first_parameter(I.ParameterKind.RELATED_PARAMETER)
    end = related is not None and related.get_related() == I.ParameterRelated.END
    return "%s%d" % ("E" if end else "S", trig.get_duration().as_int())


def clean(text):
    return str(text).replace("\t", " ").replace("\n", " ").replace("\r", "")


def main():
    if len(sys.argv) != 2:
        print("usage: libical_glib_check.py FEEDS_DIR", file=sys.stderr)
        return 2
    root = sys.argv[1]
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".ics"))
    for path in files:
        print("feed\t%s" % os.path.relpath(path, root))
        errors = []
        with open(path, encoding="utf-8") as f:
            cal = I.Component.new_from_string(f.read())
        if cal is None or cal.isa() != K.VCALENDAR_COMPONENT:
            print("error\tlibical cannot parse it into a VCALENDAR")
            continue
        parse_errors = x_lic_errors(cal)
        errors += ["parse: %s: %s" % e for e in parse_errors]
        for vevent in children(cal, K.VEVENT_COMPONENT):
            start = when(cal, vevent, vevent.get_dtstart(), P.DTSTART_PROPERTY, errors)
            end = when(cal, vevent, vevent.get_dtend(), P.DTEND_PROPERTY, errors)
            alarms = ",".join(trigger(a) for a in children(vevent, K.VALARM_COMPONENT))
            print("event\t%s\t%s\t%s\t%s\t%s" % (clean(vevent.get_uid()), start, end, alarms,
                                                clean(vevent.get_summary() or "")))
        method = cal.get_method()
        if not cal.check_restrictions():
            new = [e for e in x_lic_errors(cal) if e not in parse_errors]
            for where, text in new or [("", "(no X-LIC-ERROR added)")]:
                errors.append("iTIP restriction check (METHOD:%s) failed: %s: %s" % (
                    I.Property.method_to_string(method), where, clean(text)))
        for e in errors:
            print("error\t%s" % clean(e))
    return 0


if __name__ == "__main__":
    sys.exit(main())
