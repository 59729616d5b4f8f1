"""The reference names readers see in their own language (django-modeltranslation).

Each field listed here gets one column per language of `settings.LANGUAGES` (`name_en`,
`name_fr`, … `name_zh_hans`); `obj.name` reads the active language's column and falls back to
English (`MODELTRANSLATION_FALLBACK_LANGUAGES`), so templates keep writing `{{ org.name }}`.
The original column (`name`) keeps the English text: the reference-data loader and the admin
save in the default language, and raw SQL (the library's facets and index) reads it.

The values come from `workinggroups.reference_translations` (loaded by `load_compact`) and the
Secretariat's edits in the admin. See `compact_portal.templatetags.content_language` for how a
fallback to English is marked on the page.
"""

from django.conf import settings
from django.db.models import QuerySet
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.manager import (
    MultilingualQuerySet,
    get_translatable_fields_for_model,
    rewrite_lookup_key,
)
from modeltranslation.translator import TranslationOptions, register, translator
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

from .models import Organization, Pillar, Theme


@register(Pillar)
class PillarTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Organization)
class OrganizationTranslationOptions(TranslationOptions):
    fields = ("name", "official_name")


# --- Reading what was loaded -------------------------------------------------------------------


def shown(instance, field: str, descriptor=None) -> tuple[str | None, object]:
    """(language, value) of `instance.<field>` for the active language, from loaded columns only.

    The reader's column, else the fallback (English) column, as django-modeltranslation does,
    but a column the query did not load is skipped rather than fetched: a plain (not
    multilingual) queryset that loaded `.only("organization__name")` has the original column
    only, which holds the English text (see the module docstring). Without this, every such row
    would cost one more query on any page. (None, default) when nothing meaningful is loaded.
    """
    if descriptor is None:
        descriptor = getattr(type(instance), field)
    loaded = instance.__dict__
    undefined = descriptor.field.get_default()
    for code in resolution_order(get_language(), descriptor.fallback_languages):
        column = build_localized_fieldname(field, code)
        if column in loaded and descriptor.meaningful_value(loaded[column], undefined):
            return code, loaded[column]
    if field in loaded and descriptor.meaningful_value(loaded[field], undefined):
        return settings.MODELTRANSLATION_DEFAULT_LANGUAGE, loaded[field]
    return None, undefined


class LoadedColumnsDescriptor(TranslationFieldDescriptor):
    """django-modeltranslation's descriptor, reading only the columns a query loaded."""

    def __get__(self, instance, owner):
        if instance is None:
            return self
        # (`instance` may be django-modeltranslation's stand-in for a `values()` row.)
        code, value = shown(instance, self.field.name, self)
        if code is None and not _all_loaded(instance, self.field.name):
            return super().__get__(instance, owner)  # a deferred field asked for: load it
        return value


def _all_loaded(instance, field: str) -> bool:
    loaded = instance.__dict__
    return field in loaded or any(
        build_localized_fieldname(field, code) in loaded for code, _name in settings.LANGUAGES
    )


def read_loaded_columns_only(*models) -> None:
    """Install `LoadedColumnsDescriptor` on the translated fields of `models`."""
    for model in models:
        for name in translator.get_options_for_model(model).all_fields:
            old = model.__dict__[name]
            setattr(
                model,
                name,
                LoadedColumnsDescriptor(
                    old.field,
                    fallback_languages=old.fallback_languages,
                    fallback_value=old.fallback_value,
                    fallback_undefined=old.fallback_undefined,
                ),
            )


read_loaded_columns_only(Pillar, Theme, Organization)


# --- Bulk updates keep the original column English ----------------------------------------------

_multilingual_update = MultilingualQuerySet.update


def _update_keeping_the_original(self, **kwargs):
    """`update(name=…)` in the default language also writes the original `name` column.

    django-modeltranslation turns it into `update(name_en=…)` only, and the original column —
    which raw SQL reads as the English name (the library's facets and index) — would keep the
    old text. In another language the update writes that language's column only, as before.
    """
    fields = get_translatable_fields_for_model(self.model) or []
    if not self._rewrite or get_language() != settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return _multilingual_update(self, **kwargs)
    values = {}
    for key, value in kwargs.items():
        values[rewrite_lookup_key(self.model, key)] = self._rewrite_f(value)
        if key in fields:
            values[key] = value
    return QuerySet.update(self, **values)


_update_keeping_the_original.alters_data = True
MultilingualQuerySet.update = _update_keeping_the_original
