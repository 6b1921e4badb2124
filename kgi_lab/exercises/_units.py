"""The small unit table the exercise checker understands (no pint: a few dimensions suffice).

Each unit maps to ``(dimension, factor to the dimension's base unit)``. Conversions are exact by
definition (SI prefixes, 1 kWh = 3.6 MJ, 1 t = 1000 kg).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["UNITS", "UnitError", "convert", "normalise_unit", "parse_quantity"]


class UnitError(ValueError):
    """A unit the checker does not know, or two units of different dimensions."""


_ENERGY = {
    "Wh": 1e-3,
    "kWh": 1.0,
    "MWh": 1e3,
    "GWh": 1e6,
    "TWh": 1e9,
    "J": 1 / 3.6e6,
    "kJ": 1 / 3.6e3,
    "MJ": 1 / 3.6,
    "GJ": 1e3 / 3.6,
    "TJ": 1e6 / 3.6,
}
_POWER = {"W": 1e-3, "kW": 1.0, "MW": 1e3, "GW": 1e6}
_MASS = {"g": 1e-6, "kg": 1e-3, "t": 1.0, "kt": 1e3, "Mt": 1e6}
_FRACTION = {"%": 1.0, "fraction": 100.0, "-": 100.0}
_ANGLE = {"deg": 1.0, "rad": 180.0 / 3.141592653589793}
_CONC_PPM = {"ppm": 1.0, "ppb": 1e-3}
_CONC_MASS = {"ug/m3": 1.0, "mg/m3": 1e3}
_LENGTH = {"mm": 1e-3, "cm": 1e-2, "m": 1.0, "km": 1e3}
_PRESSURE = {"Pa": 1e-6, "kPa": 1e-3, "MPa": 1.0, "bar": 0.1}
_VELOCITY = {"m/s": 1.0, "km/h": 1 / 3.6}
_TIME = {"s": 1 / 3600, "min": 1 / 60, "h": 1.0, "d": 24.0}
_VOLUME = {"L": 1e-3, "kL": 1.0, "m3": 1.0, "ML": 1e3}
_SPECIFIC = {"kWh/kWp": 1.0, "MWh/MWp": 1.0, "h": 1.0}
_IRRADIATION = {"kWh/m2": 1.0, "Wh/m2": 1e-3, "MJ/m2": 1 / 3.6}
_INTENSITY = {"kg/kWh": 1.0, "t/MWh": 1.0, "g/kWh": 1e-3}

#: unit -> (dimension, factor to the base unit of that dimension)
UNITS: dict[str, tuple[str, float]] = {}
for _dim, _table in (
    ("energy", _ENERGY),
    ("power", _POWER),
    ("mass", _MASS),
    ("fraction", _FRACTION),
    ("angle", _ANGLE),
    ("mixing ratio", _CONC_PPM),
    ("mass concentration", _CONC_MASS),
    ("length", _LENGTH),
    ("pressure", _PRESSURE),
    ("velocity", _VELOCITY),
    ("volume", _VOLUME),
    ("irradiation", _IRRADIATION),
    ("emission intensity", _INTENSITY),
):
    for _name, _factor in _table.items():
        UNITS[_name] = (_dim, _factor)
# Time and specific yield share "h": specific yield (kWh/kWp) is hours at full power.
for _name, _factor in _TIME.items():
    UNITS.setdefault(_name, ("time", _factor))
for _name, _factor in _SPECIFIC.items():
    UNITS.setdefault(_name, ("specific yield", _factor))

_ALIASES = {
    "µg/m3": "ug/m3",
    "μg/m3": "ug/m3",
    "µg/m³": "ug/m3",
    "μg/m³": "ug/m3",
    "ug/m³": "ug/m3",
    "mg/m³": "mg/m3",
    "kwh/m²": "kWh/m2",
    "°": "deg",
    "degree": "deg",
    "degrees": "deg",
    "percent": "%",
    "tonnes": "t",
    "tonne": "t",
    "tons": "t",
    "t-co2": "t",
    "tco2": "t",
    "kg-co2": "kg",
    "hours": "h",
    "hour": "h",
    "days": "d",
    "m³": "m3",
    "kl": "kL",
}
_LOWER: dict[str, list[str]] = {}
for _name in UNITS:
    _LOWER.setdefault(_name.lower(), []).append(_name)
_CO2 = re.compile(r"(?i)(-?co2e?-?|-?co₂-?)")
# Exercises ask for annual quantities: "MWh/yr", "t/yr" and "kWh/m2/yr" are read as MWh, t and
# kWh/m2 (the year is the period of the answer, not a different dimension).
_PER_YEAR = re.compile(r"(?i)\s*(/\s*(yr|y|year|a)|per\s+year|\s+a\s+year)\s*$")


def normalise_unit(unit: str) -> str:
    """Canonical spelling of ``unit`` (``µg/m³`` → ``ug/m3``, ``kg-CO2/kWh`` → ``kg/kWh``).

    Case is forgiven (``kwh`` → ``kWh``) except where it changes the prefix: ``mW`` is a
    milliwatt, not a megawatt, so it is refused rather than read as ``MW``.
    """
    text = unicodedata.normalize("NFKC", unit).strip()
    bare = re.sub(r"\s+", "", _CO2.sub("", text))
    for candidate in (text, bare, _PER_YEAR.sub("", text), _PER_YEAR.sub("", bare)):
        if candidate in UNITS:
            return candidate
        aliased = _ALIASES.get(candidate, _ALIASES.get(candidate.lower()))
        if aliased in UNITS:
            return aliased
        matches = _LOWER.get(candidate.lower(), [])
        if len(matches) == 1:
            match = matches[0]
            if candidate[:1] in ("m", "M") and match[:1] in ("m", "M") and candidate[0] != match[0]:
                raise UnitError(
                    f"'{unit}': '{candidate[0]}' is {'milli' if candidate[0] == 'm' else 'mega'}; "
                    f"did you mean '{match}'?"
                )
            return match
    raise UnitError(f"unknown unit '{unit}'")


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert ``value`` between two units of the same dimension.

    Raises
    ------
    UnitError
        If a unit is unknown or the dimensions differ (the message names both).
    """
    a, b = normalise_unit(from_unit), normalise_unit(to_unit)
    dim_a, fa = UNITS[a]
    dim_b, fb = UNITS[b]
    if a == "h" and dim_b == "specific yield":  # kWh/kWp are full-load hours
        dim_a, fa = "specific yield", 1.0
    if dim_a != dim_b:
        raise UnitError(
            f"'{from_unit}' is a unit of {dim_a}, but the answer is expected in {to_unit} "
            f"(a unit of {dim_b})"
        )
    return value * fa / fb


_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d*)?([eE][-+]?\d+)?$")
_QUANTITY = re.compile(r"^\s*([-+]?(?:\d[\d,_]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


def parse_quantity(text: str) -> tuple[float, str | None]:
    """Read ``"12.3 GWh"``, ``"1,234 t"`` or ``"45"`` into ``(value, unit or None)``.

    Raises
    ------
    ValueError
        If ``text`` does not start with a number.
    """
    cleaned = unicodedata.normalize("NFKC", text).replace("\u2212", "-")
    # spaces (also thin and no-break) grouping thousands: "9 911 t"
    cleaned = re.sub(r"(?<=\d)[ \u2009\u202f](?=\d{3}(?!\d))", "", cleaned)
    m = _QUANTITY.match(cleaned)
    if not m:
        raise ValueError(f"'{text}' is not a number (with an optional unit, like '12.3 MWh')")
    digits = m.group(1)
    if "," in digits and not _THOUSANDS.match(digits):
        raise ValueError(
            f"'{text}': write decimals with a point (1.5, not 1,5); commas may only group "
            "thousands (1,234.5)"
        )
    number = float(digits.replace(",", "").replace("_", ""))
    unit = m.group(2) or None
    return number, unit
