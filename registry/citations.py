"""How to cite what the registry publishes: one citation (title, the registry's name, a permalink, the date or
release it holds for, the licence) as text, BibTeX and CSL-JSON — for pages, releases and API answers."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Citation:
    title: str
    url: str
    as_of: dt.date
    release: int | None = None

    @property
    def licence(self) -> str:
        return settings.DATA_LICENCE

    @property
    def registry(self) -> str:
        return _("Political Prisoner Registry")

    @property
    def when(self) -> str:
        date = self.as_of.isoformat()
        return (
            _("release %(number)s, %(date)s") % {"number": self.release, "date": date}
            if self.release
            else (_("as of %(date)s") % {"date": date})
        )

    def text(self) -> str:
        return _("“%(title)s”. %(registry)s, %(when)s. %(url)s. Licence: %(licence)s.") % {
            "title": self.title, "registry": self.registry, "when": self.when, "url": self.url,
            "licence": self.licence,
        }  # fmt: skip

    def bibtex(self) -> str:
        key = "registry" + (f"-release{self.release}" if self.release else "") + "-" + self.as_of.strftime("%Y%m%d")
        key += "-" + (re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")[:40] or "page")
        fields = {
            "title": "{" + _bibtex_escape(self.title) + "}",
            "author": "{" + self.registry + "}",
            "howpublished": r"\url{" + self.url + "}",
            "year": str(self.as_of.year),
            "month": str(self.as_of.month),
            "note": "{" + f"{self.when}. {self.licence}" + "}",
        }
        body = ",\n".join(f"  {name} = {value}" for name, value in fields.items())
        return f"@misc{{{key},\n{body}\n}}"

    def csl(self) -> dict:
        issued = {"date-parts": [[self.as_of.year, self.as_of.month, self.as_of.day]]}
        item = {
            "type": "dataset",
            "title": self.title,
            "author": [{"literal": self.registry}],
            "publisher": self.registry,
            "URL": self.url,
            "issued": issued,
            "accessed": issued,
            "license": self.licence,
        }
        if self.release:
            item["version"] = str(self.release)
        return item

    def csl_json(self) -> str:
        return json.dumps([self.csl()], ensure_ascii=False, indent=2)

    def as_dict(self) -> dict:
        """What the API answers carry under `citation`."""
        return {"text": self.text(), "url": self.url, "as_of": self.as_of, "release": self.release,
                "licence": self.licence, "licence_url": settings.DATA_LICENCE_URL, "bibtex": self.bibtex(),
                "csl": self.csl()}  # fmt: skip


def of_release(release, url: str) -> Citation:
    """A release's citation: its number and publication date, its permanent page."""
    title = _("Political prisoners, open data, release %(number)s") % {"number": release.number}
    return Citation(title=title, url=url, as_of=release.published_at.date(), release=release.number)


def _bibtex_escape(value: str) -> str:
    return re.sub(r"([{}\\&%$#_^~])", r"\\\1", value)
