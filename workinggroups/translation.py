"""Working Groups and the Joint Programme of Work in each language (django-modeltranslation).

`WorkingGroup` keeps a django-simple-history record of every change. Its historical model was
built when `models.py` was imported, before the translation columns existed, so
`track_translation_columns` adds a plain copy of each translation column to it here: every
language's edit is then kept in the history (and `HistoricalWorkingGroup(**values)` accepts the
columns that `create_historical_record` copies from the group).
"""

import copy

from modeltranslation.translator import TranslationOptions, register, translator
from simple_history.models import transform_field

from entities.translation import read_loaded_columns_only

from .models import JointProgramme, Priority, WorkingGroup


@register(WorkingGroup)
class WorkingGroupTranslationOptions(TranslationOptions):
    fields = ("name", "short_name", "objectives", "description")


@register(JointProgramme)
class JointProgrammeTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(Priority)
class PriorityTranslationOptions(TranslationOptions):
    fields = ("title", "description")


def track_translation_columns(model) -> list[str]:
    """Add `model`'s translation columns to its historical model; the names added."""
    history_model = model.history.model
    existing = {f.name for f in history_model._meta.get_fields()}
    added = []
    for translation_fields in translator.get_options_for_model(model).all_fields.values():
        for field in translation_fields:
            if field.name in existing:
                continue
            _name, path, args, kwargs = field.deconstruct()
            column = _plain_field(path, args, kwargs)
            column.set_attributes_from_name(field.name)
            transform_field(column)
            history_model.add_to_class(field.name, column)
            added.append(field.name)
    if added:
        history_model.tracked_fields = [
            f for f in model._meta.fields if f.name in {h.name for h in history_model._meta.fields}
        ]
    return added


def _plain_field(path: str, args, kwargs):
    from django.utils.module_loading import import_string

    return import_string(path)(*args, **copy.deepcopy(kwargs))


track_translation_columns(WorkingGroup)
read_loaded_columns_only(WorkingGroup, JointProgramme, Priority)
