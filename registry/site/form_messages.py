"""Django's own validation messages a reader can meet on the site: the list's filters (a choice, a date, a
number out of range) and the report form (a link).

Django's Belarusian catalog writes them in the classical orthography (значэньне, чынную), the site in the
official one. Marking the strings here makes `makemessages` keep them in locale/*/django.po, where our wording
overrides Django's (the Russian stays Django's). Nothing imports this module; it exists for the extractor.
"""

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a number."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Enter a valid URL."),
]
