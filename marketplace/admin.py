from django.contrib import admin

from .models import (
    Invitation,
    Membership,
    Municipality,
    MunicipalityAlias,
    Organization,
    SolutionField,
    SolutionType,
    VerificationDecision,
)

# Django's admin is for superusers only; coordinators work in /coordinator/.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "size", "status", "created_at"]
    list_filter = ["kind", "size", "status"]
    search_fields = ["name", "name_en", "business_number"]
    raw_id_fields = ["municipality", "hq_sido", "created_by", "status_changed_by"]
    inlines = [MembershipInline]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ko", "name_en", "level", "parent", "population"]
    list_filter = ["level", "parent"]
    search_fields = ["code", "name_ko", "name_en"]


admin.site.register([MunicipalityAlias, SolutionField, SolutionType, VerificationDecision, Invitation])
