"""Releases (/api/v1/releases/): the dated snapshots of the public dataset, their files with sizes and SHA-256,
changelogs, and how to cite them. The files themselves download from the site's stable /data/releases/ URLs."""

from __future__ import annotations

from django.urls import reverse as site_reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from registry import citations
from registry.api.base import ERROR_EXAMPLE, PublicReadViewSet
from registry.api.serializers import CitationSerializer
from registry.models import Release, ReleaseFile
from registry.models.releases import withdrawn, without


class ReleaseFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="Where the file downloads, for good.")

    class Meta:
        model = ReleaseFile
        fields = ["name", "size", "sha256", "url"]

    def get_url(self, stored: ReleaseFile) -> str:
        path = site_reverse("data_release_file", args=[stored.release.number, stored.name])
        return self.context["request"].build_absolute_uri(path)


class ChangeSerializer(serializers.Serializer):
    change = serializers.ChoiceField(["added", "released", "redetained", "died", "sentence", "decree_added"])
    id = serializers.IntegerField(help_text="The person's id, or the decree's for decree_added.")
    display_name = serializers.CharField(help_text="The person's name, or the decree's title.")
    detail = serializers.CharField(help_text="Status, dates, reason or sentence months (old → new).")


class ChangelogSerializer(serializers.Serializer):
    release = serializers.IntegerField()
    previous = serializers.IntegerField(allow_null=True)
    previous_published_at = serializers.DateTimeField(allow_null=True)
    summary = serializers.DictField(child=serializers.IntegerField(), help_text="Counts of each kind of change.")
    people = ChangeSerializer(many=True)
    decrees = ChangeSerializer(many=True)


class ReleaseSerializer(serializers.ModelSerializer):
    files = ReleaseFileSerializer(many=True, read_only=True)
    changes = serializers.SerializerMethodField(help_text="Counts of the changelog against the previous release.")
    citation = serializers.SerializerMethodField()

    class Meta:
        model = Release
        fields = ["number", "published_at", "counts", "changes", "files", "withdrawn_count", "amended_at", "citation"]

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_changes(self, release: Release) -> dict:
        return release.changelog.get("summary", {})

    @extend_schema_field(CitationSerializer)
    def get_citation(self, release: Release) -> dict:
        url = self.context["request"].build_absolute_uri(site_reverse("data_release", args=[release.number]))
        return CitationSerializer(citations.of_release(release, url).as_dict()).data


class ReleaseDetailSerializer(ReleaseSerializer):
    """One release, with whether its stored files still await an amendment (a check the list leaves out: it
    costs a query per release)."""

    amendment_pending = serializers.SerializerMethodField(
        help_text="True while someone in the release has been withdrawn and the stored files (and these checksums) "
        "are not yet rewritten; downloads already leave them out."
    )

    class Meta(ReleaseSerializer.Meta):
        fields = [*ReleaseSerializer.Meta.fields, "amendment_pending"]

    def get_amendment_pending(self, release: Release) -> bool:
        return bool(withdrawn(release))


@extend_schema_view(
    list=extend_schema(summary="Releases", description="Every dated release of the public dataset, newest first."),
    retrieve=extend_schema(summary="One release", examples=[ERROR_EXAMPLE]),
)
class ReleaseViewSet(PublicReadViewSet):
    serializer_class = ReleaseSerializer
    lookup_field = "number"
    ordering_fields = ["number"]
    ordering = ["-number"]

    def get_queryset(self):
        return Release.objects.prefetch_related("files__release")

    def get_serializer_class(self):
        return ReleaseDetailSerializer if self.action == "retrieve" else ReleaseSerializer

    @extend_schema(
        summary="A release's changelog",
        description="People added, released, detained again, died, sentence changes and new decrees since the "
        "previous release; people no longer listed only as a count.",
        responses=ChangelogSerializer,
    )
    @action(detail=True)
    def changelog(self, request: Request, number: int) -> Response:
        release = self.get_object()
        return Response(without(release.changelog, withdrawn(release)))
