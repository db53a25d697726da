"""Reminders the service sends by itself, on a schedule: before a round's ranking closes, before an offer
expires, and each day's after-match reminders (``services.placements.reminders``)."""
