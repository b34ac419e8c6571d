"""What the migrations that turned kind strings into content-type pairs share (``Match``, ``MatchRun``,
``Pairing``, ``SearchDocument``). Frozen with them: change it only with a new migration."""

import operator
from functools import reduce

from django.db import migrations
from django.db.models import Q

#: the kind strings stored before, and the marketplace models they name
KIND_MODELS = {"need": "need", "solution": "solution", "partnership": "partnershiprequest"}


def kinds_to_types(app_label: str, model_name: str, columns: dict[str, str], *, drop_unknown: bool):
    """A ``RunPython`` that fills each content-type column from its kind column (``{"source_kind":
    "source_type", …}``) and back. Rows naming no known kind are deleted when ``drop_unknown`` (computed
    rows, made again on demand); otherwise the migration stops, naming them."""

    def forward(apps, schema_editor):
        content_type, model = apps.get_model("contenttypes", "ContentType"), apps.get_model(app_label, model_name)
        for kind, name in KIND_MODELS.items():
            type_id = content_type.objects.get_or_create(app_label="marketplace", model=name)[0].pk
            for kind_column, type_column in columns.items():
                model.objects.filter(**{kind_column: kind}).update(**{f"{type_column}_id": type_id})
        unknown = model.objects.filter(reduce(operator.or_, (Q(**{f"{c}__isnull": True}) for c in columns.values())))
        if drop_unknown:
            unknown.delete()
        elif unknown.exists():
            raise RuntimeError(f"{model_name} rows {list(unknown.values_list('pk', flat=True)[:20])} name an "
                               f"unknown kind")
        # PostgreSQL refuses the indexes the migration creates at its end while these foreign keys'
        # checks are pending: check them now.
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def backward(apps, schema_editor):
        content_type, model = apps.get_model("contenttypes", "ContentType"), apps.get_model(app_label, model_name)
        for kind, name in KIND_MODELS.items():
            found = content_type.objects.filter(app_label="marketplace", model=name).first()
            for kind_column, type_column in columns.items():
                if found is not None:
                    model.objects.filter(**{type_column: found}).update(**{kind_column: kind})

    return migrations.RunPython(forward, backward)
