"""Routes of the journalist API under /api/v1/ (namespace "api"), for both apps: the API root lists them all."""

from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import DefaultRouter

from pardons.api import decrees, pardons
from registry.api import articles, facilities, people, regions, releases, sources, tokens
from registry.api import statistics as stats

app_name = "api"

router = DefaultRouter()
router.include_root_view = False
router.register("prisoners", people.PrisonerViewSet, basename="prisoner")
router.register("facilities", facilities.FacilityViewSet, basename="facility")
router.register("articles", articles.ArticleViewSet, basename="article")
router.register("sources", sources.SourceViewSet, basename="source")
router.register("regions", regions.RegionViewSet, basename="region")
router.register("decrees", decrees.DecreeViewSet, basename="decree")
router.register("pardons", pardons.PardonViewSet, basename="pardon")
router.register("releases", releases.ReleaseViewSet, basename="release")

# Each list as a streamed CSV with the same filters: /api/v1/prisoners.csv?status=in_custody
csv_exports = [
    path(f"{name}.csv", viewset.as_view({"get": "export"}), name=f"{basename}-export")
    for name, viewset, basename in [
        ("prisoners", people.PrisonerViewSet, "prisoner"),
        ("facilities", facilities.FacilityViewSet, "facility"),
        ("articles", articles.ArticleViewSet, "article"),
        ("sources", sources.SourceViewSet, "source"),
        ("decrees", decrees.DecreeViewSet, "decree"),
        ("pardons", pardons.PardonViewSet, "pardon"),
    ]
]

statistics = [
    path("headline/", stats.HeadlineView.as_view(), name="stats-headline"),
    path("held/", stats.HeldView.as_view(), name="stats-held"),
    path("held-over-time/", stats.HeldOverTimeView.as_view(), name="stats-held-over-time"),
    path("releases-by-month/", stats.ReleasesByMonthView.as_view(), name="stats-releases-by-month"),
    path("releases-by-reason/", stats.ReleasesByReasonView.as_view(), name="stats-releases-by-reason"),
    path("deaths-in-custody/", stats.DeathsView.as_view(), name="stats-deaths"),
    path("pardons-since/", stats.PardonsSinceView.as_view(), name="stats-pardons-since"),
    path("at-risk/", stats.AtRiskView.as_view(), name="stats-at-risk"),
    path("without-contact/", stats.WithoutContactView.as_view(), name="stats-without-contact"),
    path("pardons-per-decree/", stats.PardonsPerDecreeView.as_view(), name="stats-pardons-per-decree"),
    path("facets/", stats.FacetsView.as_view(), name="stats-facets"),
]


@extend_schema(exclude=True)
@api_view(["GET"])
def api_root(request: Request) -> Response:
    """/api/v1/: where everything is — each list, its CSV download, every statistic, the documentation."""

    def link(name: str) -> str:
        return reverse(f"api:{name}", request=request)

    return Response(
        {
            "documentation": link("docs"),
            "schema": link("schema"),
            "lists": {prefix: link(f"{basename}-list") for prefix, _viewset, basename in router.registry},
            "csv": {str(p.pattern).removesuffix(".csv"): link(p.name) for p in csv_exports},
            "statistics": {str(p.pattern).rstrip("/"): link(p.name) for p in statistics},
        }
    )


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@authentication_classes([])
@permission_classes([])
@throttle_classes([])
def not_found(request, rest=""):
    raise NotFound("No such API endpoint; see /api/v1/docs/.")


not_found.cls.schema = None  # not part of the documented API


class ApiDocs(SpectacularSwaggerSplitView):
    """Swagger UI, from this host only; it sets styles from its script and draws icons as data: SVGs, which
    the site's policy forbids, so this page alone allows those two (still no script but its own files)."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        )
        return response


urlpatterns = [
    *csv_exports,
    path("statistics/", include(statistics)),
    path("tokens/revoke/", tokens.RevokeThisToken.as_view(), name="revoke-token"),
    path("tokens/revoke-all/", tokens.RevokeAllMyTokens.as_view(), name="revoke-all-tokens"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocs.as_view(url_name="api:schema"), name="docs"),
    path("", api_root, name="root"),
    path("", include(router.urls)),
    re_path(r"^(?P<rest>[\s\S]*)$", not_found),
]
