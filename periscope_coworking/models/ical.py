# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An iCalendar stream (RFC 5545) of events, as plain functions without Odoo:
the private calendar feed of an organisation's bookings, and the ``.ics``
attached to the e-mails of a booking, are made with them."""

from datetime import timezone

CRLF = "\r\n"
# the longest content line, line break excluded (RFC 5545, 3.1)
MAX_LINE_OCTETS = 75


def escape_text(value):
    """A TEXT value escaped as RFC 5545 (3.3.11) says: backslash, semicolon,
    comma, and line breaks as ``\\n``."""
    return (
        (value or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold_line(line):
    """A content line folded into lines of 75 octets at most (UTF-8), each
    continuation line starting with a space, never inside a character."""
    if len(line.encode()) <= MAX_LINE_OCTETS:
        return line
    parts, current, size, limit = [], [], 0, MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            # the leading space of a continuation line is one of its octets
            current, size, limit = [], 0, MAX_LINE_OCTETS - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def format_utc(moment):
    """A datetime as an iCalendar UTC date-time (``20260309T080000Z``); a naive
    datetime is taken as UTC, as Odoo stores them."""
    if moment.tzinfo:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def param_value(value):
    """A property parameter value (RFC 5545, 3.2): double quotes and control
    characters left out, quoted when it holds a colon, a semicolon or a
    comma."""
    value = "".join(char for char in (value or "") if char != '"' and (char >= " " or char == "\t"))
    if any(char in value for char in ":;,"):
        return f'"{value}"'
    return value


def cal_address(person, *parameters):
    """A CAL-ADDRESS property value with its parameters: ``person`` is a dict
    with ``email`` and optionally ``name``."""
    params = "".join(f";{parameter}" for parameter in parameters)
    if person.get("name"):
        params = f";CN={param_value(person['name'])}{params}"
    return f"{params}:mailto:{person['email']}"


def ical_calendar(events, prodid, now, name=None, method="PUBLISH"):
    """The text of a VCALENDAR holding one VEVENT per event, with CRLF line
    endings and folded lines.

    :param events: dicts with ``uid``, ``start``, ``stop`` (datetimes),
        ``summary`` and optionally ``location``, ``description``, ``status``
        (``CONFIRMED``, ``TENTATIVE``, ``CANCELLED``), ``last_modified``,
        ``sequence`` (the revision of the event, RFC 5545 3.8.7.4),
        ``organizer`` and ``attendees`` (dicts with ``email`` and ``name``)
    :param prodid: the identifier of the product that made the calendar
    :param now: the time stamp of the events (DTSTAMP)
    :param name: the name calendar applications show (X-WR-CALNAME)
    :param method: ``PUBLISH`` (a feed), ``REQUEST`` (an event sent to its
        attendees, new or changed) or ``CANCEL`` (an event withdrawn: its
        status is ``CANCELLED`` unless told otherwise) — RFC 5546
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{escape_text(prodid)}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
    ]
    default_status = "CANCELLED" if method == "CANCEL" else "CONFIRMED"
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(event['uid'])}",
            f"DTSTAMP:{format_utc(now)}",
            f"DTSTART:{format_utc(event['start'])}",
            f"DTEND:{format_utc(event['stop'])}",
            f"SUMMARY:{escape_text(event['summary'])}",
        ]
        if event.get("sequence") is not None:
            lines.append(f"SEQUENCE:{int(event['sequence'])}")
        if event.get("location"):
            lines.append(f"LOCATION:{escape_text(event['location'])}")
        if event.get("description"):
            lines.append(f"DESCRIPTION:{escape_text(event['description'])}")
        if event.get("organizer"):
            lines.append(f"ORGANIZER{cal_address(event['organizer'])}")
        for attendee in event.get("attendees") or ():
            lines.append("ATTENDEE" + cal_address(attendee, "ROLE=REQ-PARTICIPANT", "PARTSTAT=ACCEPTED", "RSVP=FALSE"))
        lines.append(f"STATUS:{event.get('status') or default_status}")
        if event.get("last_modified"):
            lines.append(f"LAST-MODIFIED:{format_utc(event['last_modified'])}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + CRLF for line in lines)
