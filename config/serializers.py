"""Serializer machinery shared by the API: lists rendered by a plan of their fields, made once per serializer class."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.core.signals import setting_changed
from django.db import models
from django.db.models.manager import BaseManager
from django.dispatch import receiver
from rest_framework import fields, serializers
from rest_framework.fields import Field, SkipField
from rest_framework.relations import PKOnlyObject

# A field's part of a row: its value in the answer, or SkipField (a field DRF leaves out).
Produce = Callable[[Any], Any]
Row = Callable[[Any], dict[str, Any]]

# Fields whose representation is the value's alone (no request, no context): a plan of these and of nested serializers
# made of them can serve every list of its class. (A file's URL, a hyperlink or a method field needs the request.)
CONTEXT_FREE = (
    fields.BooleanField, fields.CharField, fields.ChoiceField, fields.DateField, fields.DateTimeField,
    fields.DecimalField, fields.DurationField, fields.FloatField, fields.IntegerField, fields.JSONField,
    fields.TimeField, fields.UUIDField,
)  # fmt: skip


def _model_path(model: type[models.Model] | None, attrs: list[str]) -> bool:
    """Whether `attrs` walks the model's own fields and relations only (no method or property, which DRF would call
    or which may raise): then a plain attribute lookup reads what DRF's get_attribute reads."""
    for position, attr in enumerate(attrs):
        if model is None:
            return False
        try:
            model_field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return False
        model = model_field.related_model if model_field.is_relation else None  # type: ignore[assignment]
        if model is None and position < len(attrs) - 1:
            return False
    return True


def _standard(field: Field[Any, Any, Any, Any]) -> Produce:
    """DRF's own steps for one field (Serializer.to_representation's loop body)."""

    def produce(instance: Any) -> Any:
        attribute = field.get_attribute(instance)  # may raise SkipField
        check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
        return None if check_for_none is None else field.to_representation(attribute)

    return produce


def _direct(read: Callable[[Any], Any], convert: Callable[[Any], Any], fallback: Produce) -> Produce:
    def produce(instance: Any) -> Any:
        try:
            value = read(instance)
        except (AttributeError, ObjectDoesNotExist):
            return fallback(instance)  # a null relation on the way: DRF's rules decide (None, default or skip)
        return None if value is None else convert(value)

    return produce


def _many(row: Callable[[Any], dict[str, Any]]) -> Callable[[Any], list[dict[str, Any]]]:
    def convert(value: Any) -> list[dict[str, Any]]:
        return [row(item) for item in (value.all() if isinstance(value, BaseManager) else value)]

    return convert


def row_function(serializer: serializers.Serializer[Any]) -> tuple[Row, bool]:
    """The representation of one instance as `serializer` would give it, with DRF's per-field work (attribute lookup
    through its generic helper, nested serializers' dispatch) decided once here instead of for every field of every
    row. Fields of the model are read directly and converted by their serializer field's own to_representation (so
    formats stay DRF's); anything else (methods, custom get_attribute, sources DRF would call) takes DRF's own way.
    Also says whether the rows depend on nothing but the serializer's class (no field needs the context)."""
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    steps: list[tuple[str, Produce]] = []
    context_free = True
    for field in serializer._readable_fields:
        fallback = _standard(field)
        produce = fallback
        plain_lookup = type(field).get_attribute is Field.get_attribute and _model_path(model, field.source_attrs)
        if plain_lookup and field.source_attrs:
            read = operator.attrgetter(".".join(field.source_attrs))
            if isinstance(field, serializers.ListSerializer) and isinstance(field.child, serializers.Serializer):
                nested, nested_free = row_function(field.child)
                produce = _direct(read, _many(nested), fallback)
                context_free &= nested_free
            elif isinstance(field, serializers.Serializer):
                nested, nested_free = row_function(field)
                produce = _direct(read, nested, fallback)
                context_free &= nested_free
            elif not isinstance(field, serializers.BaseSerializer):
                produce = _direct(read, field.to_representation, fallback)
                context_free &= isinstance(field, CONTEXT_FREE) and not isinstance(field, fields.FileField)
            else:
                context_free = False
        else:
            context_free = False
        steps.append((str(field.field_name), produce))

    def row(instance: Any) -> dict[str, Any]:
        answer = {}
        for name, produce_value in steps:
            try:
                answer[name] = produce_value(instance)
            except SkipField:
                continue
        return answer

    return row, context_free


@functools.cache
def _class_row_function(serializer_class: type[serializers.Serializer[Any]]) -> Row | None:
    """row_function of a serializer class, made once per process (building a ModelSerializer's fields, nested ones
    included, took longer than rendering a page of rows); None when its rows need each list's own context."""
    row, context_free = row_function(serializer_class())
    return row if context_free else None


@receiver(setting_changed)
def _forget_plans(*, setting: str, **kwargs: Any) -> None:
    # Serializer fields read DRF's settings when made (e.g. COERCE_DECIMAL_TO_STRING), as the kept plans did.
    if setting == "REST_FRAMEWORK":
        _class_row_function.cache_clear()


class RowPlanListSerializer(serializers.ListSerializer):  # type: ignore[type-arg]
    """A read-only list whose rows equal the child serializer's own representation, built by row_function: on a
    page of postings with nested company, workplaces and field, DRF's per-field machinery was most of the time.
    The child class stays the schema's source (drf-spectacular reads it, not this); its fields must not depend on
    the arguments it is made with (only on the context, which a plan needing it is made for each list with)."""

    def to_representation(self, data: Any) -> list[dict[str, Any]]:
        row = _class_row_function(type(self.child)) or row_function(self.child)[0]  # type: ignore[arg-type]
        return [row(item) for item in (data.all() if isinstance(data, BaseManager) else data)]
