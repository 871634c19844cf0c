# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An iCalendar stream (RFC 5545) of events, as plain functions without Odoo:
the private calendar feed of an organisation's bookings is made with them."""

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


def ical_calendar(events, prodid, now, name=None):
    """The text of a VCALENDAR holding one VEVENT per event, with CRLF line
    endings and folded lines.

    :param events: dicts with ``uid``, ``start``, ``stop`` (datetimes),
        ``summary`` and optionally ``location``, ``description``, ``status``
        (``CONFIRMED``, ``TENTATIVE``, ``CANCELLED``) and ``last_modified``
    :param prodid: the identifier of the product that made the calendar
    :param now: the time stamp of the events (DTSTAMP)
    :param name: the name calendar applications show (X-WR-CALNAME)
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{escape_text(prodid)}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
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
        if event.get("location"):
            lines.append(f"LOCATION:{escape_text(event['location'])}")
        if event.get("description"):
            lines.append(f"DESCRIPTION:{escape_text(event['description'])}")
        lines.append(f"STATUS:{event.get('status') or 'CONFIRMED'}")
        if event.get("last_modified"):
            lines.append(f"LAST-MODIFIED:{format_utc(event['last_modified'])}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + CRLF for line in lines)
