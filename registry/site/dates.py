"""Upcoming dates for supporters: a page, and the same dates as an iCalendar feed to subscribe to."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from registry.dates import Precision
from registry.queries import upcoming
from registry.queries.statistics import today


def upcoming_dates(request: HttpRequest) -> HttpResponse:
    on = today()
    context = {
        "today": on,
        "birthdays": upcoming.birthdays(on),
        "releases": upcoming.releases(on),
        "ahead_weeks": upcoming.RELEASES_AHEAD_DAYS // 7,
    }
    return render(request, "registry/upcoming.html", context)


def upcoming_calendar(request: HttpRequest) -> HttpResponse:
    """The page's dates as all-day events (birthdays yearly), each linking to the profile."""
    on = today()
    calendar = Calendar()
    calendar.add("prodid", "-//Political Prisoner Registry//upcoming dates//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Political prisoners: birthdays and expected releases"))
    for item in upcoming.birthdays(on):
        title = _("Birthday: %(name)s") % {"name": item.person.name_in()}
        calendar.add_component(_event(request, item, title, yearly=True))
    for item in upcoming.releases(on):
        title = _("Expected release: %(name)s") % {"name": item.person.name_in()}
        calendar.add_component(_event(request, item, title, yearly=False))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="upcoming.ics"'
    return response


def _event(request: HttpRequest, item: upcoming.Upcoming, title: str, *, yearly: bool) -> Event:
    event = Event()
    kind = "birthday" if yearly else "release"
    event.add("uid", f"{kind}-{item.person.pk}@{request.get_host()}")
    event.add("summary", title)
    event.add("dtstart", item.on)
    event.add("dtend", item.on + dt.timedelta(days=1))
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("url", request.build_absolute_uri(reverse("prisoner_detail", args=[item.person.pk])))
    if yearly:
        event.add("rrule", {"freq": "yearly"})
    if item.precision == Precision.MONTH:
        event.add("description", _("Expected in this month; the day is not known."))
    return event
