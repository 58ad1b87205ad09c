"""Public pages. Thin: they read through the QuerySets' visibility rule and render templates."""

from django.shortcuts import render

from registry.models import Prisoner


def home(request):
    counted = Prisoner.objects.counted()
    return render(request, "home.html", {"held_now": counted.filter(status="in_custody").count()})
