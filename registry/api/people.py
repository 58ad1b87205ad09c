"""Named political prisoners (/api/v1/prisoners/): list, detail and CSV; documents built by PostgreSQL."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from pardons.models import Pardon
from registry.api import columns, prisoner_documents
from registry.api.base import ASKED, ERROR_EXAMPLE, PublicReadViewSet, csv_export
from registry.api.serializers import PrisonerSerializer
from registry.db import documents as stored
from registry.db.replicas import read_alias
from registry.models import Charge, Conviction, Custody, Placement, Prisoner
from registry.queries import searches
from registry.queries.documents import read_document, with_stored_documents, with_versions
from registry.queries.filters import PrisonerFilter


def prisoner_queryset() -> QuerySet[Prisoner]:
    """Named people with everything the representation shows, in a fixed number of queries."""
    return (
        Prisoner.objects.published()
        .select_related("region")
        .prefetch_related(
            "names",
            "sources",
            "recognitions",
            Prefetch(
                "convictions",
                queryset=Conviction.objects.prefetch_related(
                    "sources",
                    Prefetch("charges", queryset=Charge.objects.select_related("article__code")),
                ),
            ),
            Prefetch(
                "custody_periods",
                queryset=Custody.objects.select_related("ended_by_pardon").prefetch_related(
                    "sources", Prefetch("placements", queryset=Placement.objects.select_related("facility"))
                ),
            ),
            Prefetch("pardons", queryset=Pardon.objects.prefetch_related("sources")),
            "events__sources",
        )
    )


PRISONER_EXAMPLE = OpenApiExample(
    "A named person (fictitious)",
    response_only=True,
    value={
        "id": 42,
        "url": "http://127.0.0.1:8000/api/v1/prisoners/42/",
        "display_name": "Testavy Prykladny",
        "names": [
            {
                "full_name": "Тэставы Прыкладны",
                "first_name": "Тэставы",
                "patronymic": "",
                "last_name": "Прыкладны",
                "language": "be",
                "kind": "primary",
            }
        ],
        "sex": "male",
        "birth_date": "1962",
        "birth_date_precision": "year",
        "region": {"slug": "minsk-city", "country": "BY", "name_en": "Minsk", "name_be": "Мінск", "name_ru": "Минск"},
        "occupation": "Fictional engineer",
        "biography": "",
        "recognised_on": "2021-06",
        "recognised_on_precision": "month",
        "recognised_by": "Viasna",
        "status": "in_custody",
        "convictions": [],
        "custody_periods": [
            {
                "id": 7,
                "kind": "detention",
                "detained_on": "2021-05-14",
                "detained_on_precision": "day",
                "released_on": None,
                "released_on_precision": "day",
                "release_reason": "",
                "ended_by_decree": None,
                "placements": [],
                "sources": [3],
            }
        ],
        "pardons": [],
        "events": [],
        "sources": [],
        "is_synthetic": True,
        "updated_at": "2026-11-27T12:00:00Z",
    },
)


@extend_schema_view(
    list=extend_schema(
        summary="Named political prisoners",
        description="People the registry may name, with names in every script, status, convictions with articles, "
        "custody periods and placements, pardons, events and sources. People whose names are withheld are counted "
        "in /statistics/ but never listed. `q` searches names in any script.",
        examples=[PRISONER_EXAMPLE],
    ),
    retrieve=extend_schema(
        summary="One named person",
        description="404 for an id that does not exist or that may not be shown.",
        examples=[PRISONER_EXAMPLE, ERROR_EXAMPLE],
    ),
)
class PrisonerViewSet(PublicReadViewSet):
    serializer_class = PrisonerSerializer
    filterset_class = PrisonerFilter
    ordering_fields = ["display_name", "id", "updated_at", "created_at"]
    ordering = ["display_name", "id"]
    # With a name search (`q`) and no `ordering`: the best match first (registry.search).
    search_ordering = ["-rank_key", "display_name", "id"]
    csv_columns = columns.PRISONER_COLUMNS
    export = csv_export("Named political prisoners as CSV", tag="prisoners")
    csv_filename = "prisoners.csv"

    def get_queryset(self) -> QuerySet[Prisoner]:
        if self.action == "export":
            return prisoner_queryset()
        # Lists and detail only pick the people (and their cursor keys) here; registry.api.prisoner_documents builds
        # the documents in one query.
        return Prisoner.objects.published().only("id", "display_name", "updated_at", "created_at")

    def list(self, request: Request, *args, **kwargs) -> Response:
        searched = self._searched_first_page(request)
        if searched is not None:
            return self.get_paginated_response(prisoner_documents.fragments(searched, self.get_serializer_context()))
        people = self.filter_queryset(self.get_queryset())
        kept = self.kept_made_of()
        if kept is None:
            # Most list URLs are asked once (a filter, a deep page): a first read only notes that it was asked.
            page = self.paginate_queryset(with_stored_documents(people))
            self.remember_made_of(ASKED)
        elif kept == ASKED:
            page = self.paginate_queryset(with_stored_documents(with_versions(people)))
            self.remember_made_of(self._page_made_of(page))
        else:
            # Kept at an earlier data version: the page's people and their versions first, their documents only
            # if something on the page changed.
            page = self.paginate_queryset(with_versions(people))
            made_of = self._page_made_of(page)
            unchanged = self.unchanged_answer(made_of)
            if unchanged is not None:
                return unchanged
            self.remember_made_of(made_of)
        return self.get_paginated_response(prisoner_documents.fragments(page, self.get_serializer_context()))

    def _searched_first_page(self, request: Request) -> list[Prisoner] | None:
        """The first page of a name search asked alone (`q`, perhaps `page_size`): one prepared statement
        (registry.queries.searches) instead of the filter set's and the paginator's queries. None for any other
        list: the general path below answers (a search's first page too, the same way)."""
        asked = request.query_params
        if not asked.get("q", "").strip() or not set(asked) <= {"q", "page_size"}:
            return None
        limit = self.paginator.get_page_size(request) + 1
        found = searches.first_page(asked["q"], ordering=self.search_ordering, limit=limit, using=read_alias())
        return self.paginator.paginate_rows(found, request, self.search_ordering)

    def keeps_answers(self) -> bool:
        # One person's document comes with their version in the statement the ETag needs anyway
        # (cache_version), so a kept answer saves only filling three fields; fetching and unpickling it cost more.
        return self.action != "retrieve"

    def rechecks(self, request: Request) -> bool:
        # A name search ranks against everyone's names: reading it again costs what answering does.
        return self.action == "list" and not request.query_params.get("q", "").strip()

    def _page_made_of(self, page: list[Prisoner]) -> tuple:
        """What a list page shows, as read with its people: each person's document (their versions, the
        documents' format) and the links (whether there is a page before and after, and where they start)."""
        paginator = self.paginator
        return (
            stored.fingerprint(),
            tuple((person.pk, person.own_version, person.shared_version) for person in page),
            paginator.has_next and paginator.next_position,
            paginator.has_previous and paginator.previous_position,
        )

    def cache_version(self):
        # One person's document changes only with their own rows and what every document shares (facilities,
        # sources, decrees…): a write about someone else leaves it cached (registry.models.PersonVersion).
        if self.action == "retrieve" and str(self.kwargs.get("pk", "")).isdigit():
            # Read with the person and their document, in one statement; retrieve() answers from it.
            self._read = read_document(int(self.kwargs["pk"]))
            return self._read.version
        return super().cache_version()

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        # The person and their stored document in one prepared statement, instead of get_object() and a fetch.
        read = getattr(self, "_read", None) or read_document(int(kwargs["pk"]))
        person = read.person
        if person is None:
            raise NotFound()
        self.check_object_permissions(request, person)
        return Response(prisoner_documents.fragments([person], self.get_serializer_context())[0])
