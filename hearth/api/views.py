"""The JSON API. Views are thin: authenticate (bearer token) -> scope -> serialise, and every
read of a child is audited as the pages audit it (people.access.child_for)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hearth.accounts.models import Role
from hearth.api import selectors
from hearth.api.serializers import (
    AllocationSerializer,
    ChildDetailSerializer,
    ChildSerializer,
    DueItemSerializer,
    ReferralSerializer,
    ReferralStatusSerializer,
)
from hearth.core.audit import Auditor
from hearth.core.models import AuditAction
from hearth.front_door import services as front_door
from hearth.front_door.presenters import plain_outcome
from hearth.people.access import child_for


class Pages(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


def _user(request: Request) -> Any:
    return request.user


def _query(request: Request) -> str:
    """The search text: printable characters only (PostgreSQL refuses NUL), at most 100."""
    text = request.query_params.get("q", "")
    return "".join(ch for ch in text if ch.isprintable()).strip()[:100]


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@authentication_classes([])
@permission_classes([])
@throttle_classes([])
def not_found(request: Request) -> Response:
    return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)


class ChildList(generics.ListAPIView):
    """Children the token's user may see (need-to-know), by name; `q` searches names and
    identifiers as the search page does."""

    serializer_class = ChildSerializer
    pagination_class = Pages

    def get_queryset(self) -> Any:
        return selectors.children_for(_user(self.request), _query(self.request))

    @extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="Name or identifier")]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = self.list(request, *args, **kwargs)
        query = _query(request)
        shown = len(response.data.get("results", [])) if isinstance(response.data, dict) else 0
        Auditor(user=request.user).record(
            AuditAction.VIEW,
            object_type="people.person",
            summary=(
                f"API: listed children{f' matching “{query[:100]}”' if query else ''}"
                f" ({shown} shown)"
            ),
        )
        return response


class ChildDetail(APIView):
    serializer_class = ChildDetailSerializer

    @extend_schema(responses=ChildDetailSerializer)
    def get(self, request: Request, child_id: int) -> Response:
        child = child_for(_user(request), child_id, summary="API: viewed the child's record")
        today = timezone.localdate()
        current = selectors.current_allocation(selectors.allocations_of(child), today)
        record = selectors.ChildRecord(child=child, current_allocation=current)
        data = ChildDetailSerializer(record, context={"today": today}).data
        return Response(data)


class ChildAllocations(APIView):
    serializer_class = AllocationSerializer

    @extend_schema(responses=AllocationSerializer(many=True))
    def get(self, request: Request, child_id: int) -> Response:
        child = child_for(_user(request), child_id, summary="API: viewed the child's allocations")
        rows = selectors.allocations_of(child)
        context = {"today": timezone.localdate()}
        return Response(AllocationSerializer(rows, many=True, context=context).data)


class ChildDueItems(APIView):
    serializer_class = DueItemSerializer

    @extend_schema(responses=DueItemSerializer(many=True))
    def get(self, request: Request, child_id: int) -> Response:
        user = _user(request)
        child = child_for(user, child_id, summary="API: viewed the child's due items")
        today = timezone.localdate()
        items = selectors.child_due_items(child, user, today)
        return Response(DueItemSerializer(items, many=True, context={"today": today}).data)


class MyDueItems(APIView):
    """The token user's own work: what My work shows, soonest first."""

    serializer_class = DueItemSerializer

    @extend_schema(responses=DueItemSerializer(many=True))
    def get(self, request: Request) -> Response:
        from hearth.casework.selectors import my_work

        today = timezone.localdate()
        items = [row.item for row in my_work(_user(request), today).due]
        return Response(DueItemSerializer(items, many=True, context={"today": today}).data)


class CanRefer(permissions.BasePermission):
    """Referrals come from partner referrers' tokens that were issued to write."""

    message = "This token may not send referrals"

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        token = request.auth
        return bool(
            token is not None
            and getattr(token, "can_write", False)
            and request.user.role == Role.PARTNER_REFERRER
        )


def _status_row(contact: Any) -> dict[str, Any]:
    shown = contact.merged_into or contact
    return {
        "id": contact.pk,
        "reference": contact.reference,
        "received_at": contact.received_at,
        "status": contact.get_status_display(),
        "outcome": plain_outcome(list(shown.decisions.all())),
    }


class Referrals(APIView):
    """A partner's referrals into the front door: send one, or list their own."""

    permission_classes = [permissions.IsAuthenticated, CanRefer]
    serializer_class = ReferralSerializer

    @extend_schema(responses=ReferralStatusSerializer(many=True))
    def get(self, request: Request) -> Response:
        user = _user(request)
        if user.role != Role.PARTNER_REFERRER:
            raise PermissionDenied("Only partner referrers have referrals here")
        rows = [_status_row(c) for c in selectors.referrals_for(user)]
        return Response(ReferralStatusSerializer(rows, many=True).data)

    @extend_schema(
        request=ReferralSerializer,
        responses={201: ReferralStatusSerializer},
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        form = ReferralSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            contact = front_door.partner_referral_submit(user=user, data=data)
        except ValidationError as error:
            return Response(error.message_dict, status=status.HTTP_400_BAD_REQUEST)
        contact.refresh_from_db()
        return Response(
            ReferralStatusSerializer(_status_row(contact)).data, status=status.HTTP_201_CREATED
        )


class ReferralDetail(APIView):
    serializer_class = ReferralStatusSerializer

    @extend_schema(responses=ReferralStatusSerializer)
    def get(self, request: Request, referral_id: int) -> Response:
        user = _user(request)
        contact = selectors.referrals_for(user).filter(pk=referral_id).first()
        if contact is None or user.role != Role.PARTNER_REFERRER:
            Auditor(user=user).denied(
                object_type="front_door.contact", object_id=referral_id, summary="API"
            )
            raise Http404("No referral found")
        Auditor(user=user).viewed(contact, child_id=None, summary="API: partner viewed referral")
        return Response(ReferralStatusSerializer(_status_row(contact)).data)
