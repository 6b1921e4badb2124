"""The trilingual glossary (English / 日本語 / 简体中文) of the terms the notebooks use.

Trainees from Shenyang, Shanghai, Penang, Da Nang, Bandung and Mumbai meet Japanese official terms
("2 % exclusion value (年間2%除外値)", "自排局", "原油換算") next to their own country's (空气质量分指数,
路边交通点). The glossary is data, ``datasets/glossary.yaml`` (catalog id ``glossary``), verified
by :func:`kgi_lab.datasets.load` and checked here: every term has an id, English, Japanese with its
Hepburn reading, Simplified Chinese, a definition with units and rules, the notebook modules that use
it, aliases, its source and a quality flag (A official, B secondary, C kgi_lab's own translation or
unverified; the weakest of the three parts).

Look a term up in any language, by reading, alias or id (:func:`lookup`); search names and
definitions (:func:`search`); list a module's terms (:func:`terms`); render them as a self-contained
HTML table for an offline course site (:func:`to_html`); explore them in a notebook
(:func:`glossary_widget`); or add hover help to a text (:func:`annotate`).

Matching is forgiving about how a name is typed: Unicode NFKC (so ``２％`` = ``2%`` and ``CO₂`` =
``CO2``), case, spaces, middle dots and hyphens, and the macrons of the readings (``kankyo kijun`` =
``kankyō kijun``). An unknown term raises :class:`GlossaryError` (a :class:`KeyError`) whose message
lists the closest names.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

__all__ = [
    "DATASET_ID",
    "LANGS",
    "MODULES",
    "QUALITIES",
    "GlossaryError",
    "GlossaryFormatError",
    "Term",
    "annotate",
    "glossary_widget",
    "load",
    "lookup",
    "normalise",
    "search",
    "terms",
    "to_html",
    "validate",
]

#: Catalog id of the glossary file (``datasets/glossary.yaml``).
DATASET_ID = "glossary"
#: The notebook modules a term may belong to (the keys of ``modules:`` in the file must match).
MODULES = (
    "solar_resource",
    "pv_yield",
    "air_quality_network",
    "heat_network",
    "waste_to_energy",
    "transfer_to_your_city",
)
#: Quality flags: A official, B secondary source quoting an official one, C own translation/unverified.
QUALITIES = ("A", "B", "C")
#: Values of ``lookup(..., lang=...)`` and the fields each searches.
LANGS = {"en": ("en",), "ja": ("ja", "ja_reading"), "zh": ("zh",)}

_TEXT_FIELDS = ("id", "en", "ja", "ja_reading", "zh", "definition", "source", "quality")
_LIST_FIELDS = ("modules", "aliases")
_ID = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
#: Characters ignored when names are compared (spaces are removed separately).
_IGNORED = str.maketrans("", "", "・·･‐-‑‒–—_")


class GlossaryError(KeyError):
    """An unknown glossary term. The message names the term and the closest matches."""

    def __init__(self, message: str, term: str = "", suggestions: tuple[str, ...] = ()):
        super().__init__(message)
        self.message = message
        self.term = term
        self.suggestions = suggestions

    def __str__(self) -> str:  # KeyError would show repr(message), quotes and all
        return self.message


class GlossaryFormatError(ValueError):
    """The glossary file breaks its schema; the message names the term id and the field."""


@dataclass(frozen=True)
class Term:
    """One glossary entry (see ``datasets/glossary.yaml`` for the meaning of each field)."""

    id: str
    en: str
    ja: str
    ja_reading: str
    zh: str
    definition: str
    modules: tuple[str, ...]
    aliases: tuple[str, ...]
    source: str
    quality: str

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the term is found by: id, English, Japanese, reading, Chinese, aliases."""
        return (self.id, self.en, self.ja, self.ja_reading, self.zh, *self.aliases)

    def _repr_html_(self) -> str:
        return _term_html(self)

    def __str__(self) -> str:
        return (
            f"{self.en} | {self.ja} ({self.ja_reading}) | {self.zh}\n{self.definition}\n"
            f"[{self.id}; modules: {', '.join(self.modules)}; quality {self.quality}; "
            f"source: {self.source}]"
        )


# --- matching ------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """The form in which names are compared.

    NFKC (full-width ``２％`` becomes ``2%``, ``CO₂`` becomes ``CO2``), case-folded, without
    whitespace, middle dots, hyphens or underscores, and without the diacritics of Latin letters
    (``kankyō`` becomes ``kankyo``). Kana and kanji are left as they are.

    Examples
    --------
    >>> normalise("２ ％除外値") == normalise("2%除外値")
    True
    >>> normalise("Kankyō kijun")
    'kankyokijun'
    """
    if not isinstance(text, str):
        raise TypeError(f"a glossary term must be a string, got {type(text).__name__}")
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch) and out and out[-1].isascii():
            continue  # a macron or accent on a Latin letter; kana voicing marks are kept
        out.append(ch)
    folded = unicodedata.normalize("NFKC", "".join(out)).casefold()
    return "".join(folded.split()).translate(_IGNORED)


# --- loading and validation ----------------------------------------------------------------------


def _where(position: int, ident: Any) -> str:
    return (
        f"glossary term '{ident}' (terms[{position}])" if ident else f"glossary terms[{position}]"
    )


def _text(raw: dict, name: str, where: str) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.strip():
        got = "missing" if value is None else f"empty or not text ({value!r})"
        raise GlossaryFormatError(f"{where}: field '{name}' is {got}")
    return " ".join(value.split()) if name in ("definition", "source") else value.strip()


def _strings(raw: dict, name: str, where: str, *, required: bool) -> tuple[str, ...]:
    value = raw.get(name)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or (required and not value):
        raise GlossaryFormatError(
            f"{where}: field '{name}' must be a non-empty list, got {value!r}"
        )
    bad = [v for v in value if not isinstance(v, str) or not v.strip()]
    if bad:
        raise GlossaryFormatError(f"{where}: field '{name}' has empty or non-text items {bad!r}")
    return tuple(v.strip() for v in value)


def _parse_term(raw: Any, position: int, modules: tuple[str, ...]) -> Term:
    if not isinstance(raw, dict):
        raise GlossaryFormatError(
            f"{_where(position, None)}: expected a mapping, got {type(raw).__name__}"
        )
    where = _where(position, raw.get("id"))
    unknown = sorted(set(raw) - {f.name for f in fields(Term)})
    if unknown:
        raise GlossaryFormatError(f"{where}: unknown field(s) {', '.join(unknown)}")
    values = {name: _text(raw, name, where) for name in _TEXT_FIELDS}
    if not _ID.match(values["id"]):
        raise GlossaryFormatError(
            f"{where}: field 'id' must be a lower-case slug like 'two_pct_exclusion_value', "
            f"got {values['id']!r}"
        )
    if values["quality"] not in QUALITIES:
        raise GlossaryFormatError(
            f"{where}: field 'quality' must be one of {', '.join(QUALITIES)}, "
            f"got {values['quality']!r}"
        )
    term_modules = _strings(raw, "modules", where, required=True)
    wrong = [m for m in term_modules if m not in modules]
    if wrong:
        raise GlossaryFormatError(
            f"{where}: field 'modules' has unknown module(s) {', '.join(wrong)}; "
            f"choose from {', '.join(modules)}"
        )
    aliases = _strings(raw, "aliases", where, required=False)
    return Term(**values, modules=term_modules, aliases=aliases)


def validate(raw: Any) -> tuple[Term, ...]:
    """Check a parsed glossary file and return its terms.

    Parameters
    ----------
    raw : dict
        The YAML document: ``{"modules": {id: title}, "terms": [{...}, ...]}``.

    Returns
    -------
    tuple of Term
        In file order.

    Raises
    ------
    GlossaryFormatError
        For a missing or empty field (the message names the term id and the field), a bad id,
        quality or module, a duplicate id, or a name that two terms share after
        :func:`normalise` (lookups must be unambiguous).
    """
    if not isinstance(raw, dict) or not isinstance(raw.get("terms"), list):
        raise GlossaryFormatError("glossary: expected a mapping with a 'terms' list")
    declared = raw.get("modules")
    if not isinstance(declared, dict) or set(declared) != set(MODULES):
        got = sorted(declared) if isinstance(declared, dict) else declared
        raise GlossaryFormatError(
            f"glossary: 'modules' must declare exactly {', '.join(MODULES)}; got {got}"
        )
    out: list[Term] = []
    seen_ids: dict[str, int] = {}
    owner: dict[str, tuple[str, str]] = {}  # normalised name -> (term id, name as written)
    for position, item in enumerate(raw["terms"]):
        term = _parse_term(item, position, MODULES)
        if term.id in seen_ids:
            raise GlossaryFormatError(
                f"{_where(position, term.id)}: field 'id' duplicates terms[{seen_ids[term.id]}]"
            )
        seen_ids[term.id] = position
        for name in term.names:
            key = normalise(name)
            if not key:
                raise GlossaryFormatError(
                    f"{_where(position, term.id)}: name {name!r} is empty after normalisation"
                )
            other = owner.get(key)
            if other and other[0] != term.id:
                raise GlossaryFormatError(
                    f"{_where(position, term.id)}: name {name!r} is also a name of term "
                    f"'{other[0]}' ({other[1]!r}); names must be unambiguous"
                )
            owner.setdefault(key, (term.id, name))
        out.append(term)
    return tuple(out)


@dataclass(frozen=True)
class _Glossary:
    terms: dict[str, Term]
    index: dict[str, str]  # normalised name -> id
    by_lang: dict[str, dict[str, str]]  # lang -> normalised name -> id
    frame: Any  # pandas.DataFrame
    module_titles: dict[str, str]


def _build(raw: dict, attrs: dict[str, Any]) -> _Glossary:
    import pandas as pd

    parsed = validate(raw)
    index = {normalise(n): t.id for t in parsed for n in t.names}
    by_lang = {
        lang: {normalise(getattr(t, f)): t.id for t in parsed for f in flds}
        for lang, flds in LANGS.items()
    }
    columns = [f.name for f in fields(Term)]
    frame = pd.DataFrame(
        [[getattr(t, c) for c in columns] for t in parsed], columns=columns, dtype=object
    ).set_index("id")
    frame.attrs.update(attrs)
    frame.attrs["modules"] = dict(raw["modules"])
    return _Glossary(
        terms={t.id: t for t in parsed},
        index=index,
        by_lang=by_lang,
        frame=frame,
        module_titles=dict(raw["modules"]),
    )


@lru_cache(maxsize=4)
def _cached(path: str, mtime_ns: int) -> _Glossary:
    from kgi_lab import datasets

    raw = datasets.load(DATASET_ID)  # verifies the catalogued sha256 first
    entry = datasets.catalog()[DATASET_ID]
    attrs = {
        "dataset": entry.id,
        "kind": entry.kind,
        "source": entry.source.get("citation", ""),
        "licence": entry.licence,
        "sha256": entry.sha256,
    }
    return _build(raw, attrs)


def _glossary() -> _Glossary:
    from kgi_lab import datasets

    file = datasets.path(DATASET_ID)
    mtime = file.stat().st_mtime_ns if file.exists() else -1
    return _cached(str(file), mtime)


def load():
    """The whole glossary as a DataFrame indexed by term id (validated, cached).

    Returns
    -------
    pandas.DataFrame
        Columns ``en``, ``ja``, ``ja_reading``, ``zh``, ``definition``, ``modules`` (tuple),
        ``aliases`` (tuple), ``source`` and ``quality``, in file order. ``attrs`` carry the dataset
        id, kind, source, licence and sha256 of ``datasets/glossary.yaml`` and the module titles.
        The frame is a copy: changing it does not change the glossary.

    Raises
    ------
    kgi_lab.datasets.DatasetError
        If the file is missing or differs from its catalogued sha256.
    GlossaryFormatError
        If a term breaks the schema (the message names the term id and field).
    """
    frame = _glossary().frame
    out = frame.copy()
    out.attrs = dict(frame.attrs)
    return out


# --- lookups -------------------------------------------------------------------------------------


def _display(term: Term) -> str:
    return f"{term.en} / {term.ja} / {term.zh} [{term.id}]"


def _suggestions(query: str, gl: _Glossary, limit: int = 5) -> tuple[str, ...]:
    """Up to ``limit`` terms whose names are closest to ``query`` (difflib ratio, or containment)."""
    key = normalise(query)
    if not key:
        return ()
    scored: list[tuple[float, str]] = []
    for name, ident in gl.index.items():
        ratio = difflib.SequenceMatcher(None, key, name).ratio()
        contained = min(len(name), len(key)) >= 3 and (key in name or name in key)
        if ratio >= 0.5 or contained:
            scored.append((ratio + (0.5 if contained else 0.0), ident))
    best: dict[str, None] = {}
    for _, ident in sorted(scored, key=lambda item: -item[0]):
        best.setdefault(ident, None)
    return tuple(_display(gl.terms[i]) for i in list(best)[:limit])


def lookup(term: str, *, lang: str | None = None) -> Term:
    """Find a glossary term by any of its names.

    Parameters
    ----------
    term : str
        English, Japanese, Hepburn reading, Chinese, an alias or the id. Compared after
        :func:`normalise`: ``"2 % exclusion value"``, ``"2%除外値"``, ``"２％除外値"`` and
        ``"two_pct_exclusion_value"`` all find the same term.
    lang : {None, "en", "ja", "zh"}, optional
        Search only that language's field (``"ja"`` includes the reading); aliases and ids are then
        not searched. Default: every name.

    Returns
    -------
    Term

    Raises
    ------
    GlossaryError
        (a ``KeyError``) if nothing matches; the message lists up to 5 close matches.
    ValueError
        For an unknown ``lang``.

    Examples
    --------
    >>> lookup("自排局").en
    'roadside station'
    """
    if lang is not None and lang not in LANGS:
        raise ValueError(
            f"parameter 'lang': unknown language {lang!r}; choose one of None, en, ja, zh"
        )
    gl = _glossary()
    key = normalise(term)
    table = gl.index if lang is None else gl.by_lang[lang]
    if key in table:
        return gl.terms[table[key]]
    suggestions = _suggestions(term, gl)
    scope = "" if lang is None else f" in field(s) {', '.join(LANGS[lang])}"
    hint = (
        "did you mean: " + "; ".join(suggestions)
        if suggestions
        else "no close match; list the terms with kgi_lab.glossary.terms()"
    )
    raise GlossaryError(
        f"unknown glossary term {term!r}{scope}; {hint}. "
        f"Full-text search: kgi_lab.glossary.search({term!r})",
        term=term,
        suggestions=suggestions,
    )


def search(text: str):
    """Terms whose names or definition contain ``text``.

    Parameters
    ----------
    text : str
        Compared after :func:`normalise` on both sides (so ``"6,000"`` finds the 6,000-hour rule
        and ``"自排"`` finds the roadside station).

    Returns
    -------
    pandas.DataFrame
        Rows of :func:`load`: first the terms with a matching name, then those whose definition
        matches, each group in glossary order. Empty if nothing matches.
    """
    key = normalise(text)
    if not key:
        raise ValueError("parameter 'text': give some text to search for")
    gl = _glossary()
    by_name = [t.id for t in gl.terms.values() if any(key in normalise(n) for n in t.names)]
    by_definition = [
        t.id for t in gl.terms.values() if t.id not in by_name and key in normalise(t.definition)
    ]
    out = gl.frame.loc[by_name + by_definition].copy()
    out.attrs = dict(gl.frame.attrs)
    return out


def _check_module(module: str) -> str:
    if module not in MODULES:
        raise ValueError(
            f"parameter 'module': unknown module {module!r}; choose one of {', '.join(MODULES)}"
        )
    return module


def terms(module: str | None = None):
    """The terms one notebook module uses (all terms when ``module`` is None).

    Parameters
    ----------
    module : str, optional
        One of :data:`MODULES` (``"air_quality_network"``, ``"heat_network"`` ...).

    Returns
    -------
    pandas.DataFrame
        Rows of :func:`load` in glossary order.

    Raises
    ------
    ValueError
        For an unknown module; the message lists the valid ones.
    """
    frame = load()
    if module is None:
        return frame
    _check_module(module)
    out = frame[frame["modules"].map(lambda mods: module in mods)]
    out.attrs = dict(frame.attrs)
    return out


# --- HTML ----------------------------------------------------------------------------------------

_STYLE = """<style>
.kgi-glossary{border-collapse:collapse;font-family:sans-serif;font-size:0.92em;width:100%}
.kgi-glossary th,.kgi-glossary td{border:1px solid #ccc;padding:0.35em 0.6em;vertical-align:top;
text-align:left}
.kgi-glossary th{background:#f2f2f2}
.kgi-glossary .reading{color:#555;font-style:italic}
.kgi-glossary .src,.kgi-term-card .src{color:#666;font-size:0.85em;margin-top:0.3em}
.kgi-term-card{border:1px solid #ccc;border-radius:4px;padding:0.5em 0.8em;font-family:sans-serif}
</style>"""


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


def _as_frame(df_or_module: Any):
    import pandas as pd

    if df_or_module is None:
        return load()
    if isinstance(df_or_module, str):
        return terms(df_or_module)
    if isinstance(df_or_module, Term):
        return pd.DataFrame(
            [{f.name: getattr(df_or_module, f.name) for f in fields(Term)}]
        ).set_index("id")
    if isinstance(df_or_module, pd.DataFrame):
        missing = [
            c for c in ("en", "ja", "ja_reading", "zh", "definition") if c not in df_or_module
        ]
        if missing:
            raise ValueError(
                f"parameter 'df_or_module': the frame lacks glossary column(s) {', '.join(missing)}"
            )
        return df_or_module
    raise TypeError(
        "parameter 'df_or_module': expected a glossary DataFrame, a module name, a Term or None, "
        f"got {type(df_or_module).__name__}"
    )


def _source_line(row: Any) -> str:
    parts = []
    if row.get("source"):
        parts.append(f"Source: {_e(row['source'])}")
    if row.get("quality"):
        parts.append(f"quality {_e(row['quality'])}")
    return f'<div class="src">{" · ".join(parts)}</div>' if parts else ""


def to_html(df_or_module: Any = None, *, full_page: bool = False, title: str | None = None) -> str:
    """A self-contained HTML table: EN | 日本語 (reading) | 中文 | Definition.

    Parameters
    ----------
    df_or_module : DataFrame, str, Term or None
        A frame from :func:`load`, :func:`terms` or :func:`search`; a module name; one term; or
        None for the whole glossary.
    full_page : bool, default False
        Return a complete ``<!DOCTYPE html>`` document (UTF-8) instead of a fragment.
    title : str, optional
        Caption of the table (default: the module's title, or "kgi_lab glossary").

    Returns
    -------
    str
        HTML with an inline ``<style>`` and no external resources (no scripts, fonts or links), so
        it works on an offline course site. Every text is HTML-escaped; each row has the anchor
        ``id="term-<id>"`` and the cells carry ``lang="ja"`` / ``lang="zh-Hans"`` for correct fonts.
    """
    frame = _as_frame(df_or_module)
    if title is None:
        title = "kgi_lab glossary"
        if isinstance(df_or_module, str):
            title = f"{title}: {_glossary().module_titles[df_or_module]}"
    rows = []
    for ident, row in frame.iterrows():
        rows.append(
            f'<tr id="term-{_e(ident)}">'
            f'<td lang="en">{_e(row["en"])}</td>'
            f'<td><span lang="ja">{_e(row["ja"])}</span><br>'
            f'<span class="reading" lang="ja-Latn">{_e(row["ja_reading"])}</span></td>'
            f'<td lang="zh-Hans">{_e(row["zh"])}</td>'
            f'<td lang="en">{_e(row["definition"])}{_source_line(row)}</td>'
            "</tr>"
        )
    table = (
        f'{_STYLE}\n<table class="kgi-glossary">\n<caption>{_e(title)}</caption>\n'
        "<thead><tr><th>EN</th><th>日本語 (reading)</th><th>中文</th><th>Definition</th></tr>"
        "</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"
    )
    if not full_page:
        return table
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(title)}</title>\n</head>\n<body>\n{table}\n</body>\n</html>\n"
    )


def _term_html(term: Term) -> str:
    aliases = ", ".join(term.aliases)
    return (
        f'<div class="kgi-term-card" id="term-{_e(term.id)}">'
        f'<b lang="en">{_e(term.en)}</b> · <span lang="ja">{_e(term.ja)}</span> '
        f'(<i lang="ja-Latn">{_e(term.ja_reading)}</i>) · <span lang="zh-Hans">{_e(term.zh)}</span>'
        f'<p lang="en">{_e(term.definition)}</p>'
        f'<div class="src">Also: {_e(aliases) or "–"}<br>Modules: {_e(", ".join(term.modules))}'
        f"<br>Source: {_e(term.source)} · quality {_e(term.quality)}</div></div>"
    )


def _widget_names(module: str | None) -> list[str]:
    chosen = terms(module)
    names: dict[str, None] = {}
    for col in ("en", "ja", "zh"):
        for name in chosen[col]:
            names.setdefault(name, None)
    return list(names)


def glossary_widget(module: str | None = None):
    """An ipywidgets explorer: type or pick a term in any language, read its entry.

    Parameters
    ----------
    module : str, optional
        Offer only this module's terms in the drop-down (any term can still be typed).

    Returns
    -------
    ipywidgets.VBox
        ``children[0]`` is a :class:`~ipywidgets.Combobox` whose options are the English, Japanese
        and Chinese names; ``children[1]`` an :class:`~ipywidgets.HTML` showing the entry of the
        typed name, or the close matches when it is unknown.
    """
    import ipywidgets as widgets

    if module is not None:
        _check_module(module)
    intro = (
        "<i>Type a term in English, 日本語 or 中文 (readings, aliases and abbreviations work "
        "too).</i>"
    )
    combo = widgets.Combobox(
        options=_widget_names(module),
        placeholder="e.g. 2 % exclusion value, 自排局, 空气质量分指数",
        description="Term",
        ensure_option=False,
        layout=widgets.Layout(width="40em"),
    )
    entry = widgets.HTML(value=intro)

    def show(change: dict) -> None:
        text = str(change["new"]).strip()
        if not text:
            entry.value = intro
            return
        try:
            entry.value = _STYLE + _term_html(lookup(text))
        except GlossaryError as err:
            entry.value = f"<p>{_e(err.message)}</p>"

    combo.observe(show, names="value")
    return widgets.VBox([combo, entry])


# --- annotation ----------------------------------------------------------------------------------


def _name_pattern(name: str) -> str:
    parts = []
    for ch in name:
        if ch.isspace():
            parts.append(r"\s*")
        elif ch in "%％":
            parts.append("[%％]")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    if name.isascii():  # whole words only, so "CO" is not found in "COVID" or "CO2"
        body = rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])"
    # short Latin names (CO, PR, FY, Ox) must match their case; longer ones any case
    return body if (not name.isascii() or len(name) >= 6) else f"(?-i:{body})"


@lru_cache(maxsize=8)
def _annotation_regex(module: str | None, sha: str) -> tuple[re.Pattern[str], dict[str, str]]:
    gl = _glossary()
    chosen = (
        gl.terms.values()
        if module is None
        else (t for t in gl.terms.values() if module in t.modules)
    )
    owner: dict[str, str] = {}
    for t in chosen:
        for name in (t.en, t.ja, t.zh, *t.aliases):
            if len(normalise(name)) >= 2:
                owner.setdefault(name, t.id)
    names = sorted(owner, key=len, reverse=True)  # longest first: "2 % exclusion value" before "CO"
    pattern = re.compile("|".join(_name_pattern(n) for n in names), re.IGNORECASE)
    return pattern, {normalise(n): i for n, i in owner.items()}


def annotate(text: str, *, module: str | None = None) -> str:
    """Wrap the glossary terms found in a plain text in ``<abbr title="...">`` for hover help.

    Parameters
    ----------
    text : str
        Plain text (it is HTML-escaped). Names are matched as written, allowing any spacing and
        either width of ``%``; short Latin abbreviations (``CO``, ``PR``) only in their own case and
        as whole words.
    module : str, optional
        Annotate only this module's terms.

    Returns
    -------
    str
        HTML: ``<abbr class="kgi-term" data-term="<id>" title="EN / 日本語 / 中文: definition">``
        around every occurrence, the rest escaped.

    Examples
    --------
    >>> 'data-term="roadside_station"' in annotate("NO2 at the 自排局")
    True
    """
    if module is not None:
        _check_module(module)
    gl = _glossary()
    pattern, owner = _annotation_regex(module, gl.frame.attrs.get("sha256", ""))
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        ident = owner.get(normalise(match.group(0)))
        if ident is None:  # matched only through the flexible spacing; look it up instead
            try:
                ident = lookup(match.group(0)).id
            except GlossaryError:
                continue
        term = gl.terms[ident]
        tip = f"{term.en} / {term.ja} / {term.zh}: {term.definition}"
        pieces.append(_e(text[last : match.start()]))
        pieces.append(
            f'<abbr class="kgi-term" data-term="{_e(ident)}" title="{_e(tip)}">'
            f"{_e(match.group(0))}</abbr>"
        )
        last = match.end()
    pieces.append(_e(text[last:]))
    return "".join(pieces)
