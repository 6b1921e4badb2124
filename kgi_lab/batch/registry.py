"""The notebooks kgi_lab ships, and the parameter schema of each.

The schema here is the contract the batch layer checks *before* a kernel starts; the notebook's
tagged ``parameters`` cell holds the same names and defaults (``tests/test_notebooks.py`` keeps the
two in step). A notebook that is not registered (your own, say) gets a schema inferred from its
``parameters`` cell by papermill: names and types are checked, ranges are not.
"""

from __future__ import annotations

import ast
import zoneinfo
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kgi_lab._paths import notebooks_dir
from kgi_lab.batch.schema import ChoicesFrom, NotebookSchema, Parameter, ParameterError

__all__ = ["SCHEMAS", "NotebookNotFoundError", "available_notebooks", "find_notebook", "schema_for"]


class NotebookNotFoundError(FileNotFoundError):
    """A notebook name or path that does not exist."""


def _check_custom_site(values: dict[str, Any]) -> str | None:
    site_keys = ("latitude", "longitude", "tz")
    if values.get("city") == "custom":
        missing = [k for k in site_keys if values.get(k) is None]
        if missing:
            return f"city 'custom' needs {', '.join(missing)} (given as parameters)"
        try:
            zoneinfo.ZoneInfo(values["tz"])
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return f"parameter 'tz': {values['tz']!r} is not an IANA time zone (e.g. 'Asia/Tokyo')"
    else:
        given = [k for k in (*site_keys, "elevation_m") if values.get(k) is not None]
        if given:
            return (
                f"parameter(s) {', '.join(given)} apply only when city is 'custom' "
                f"(city is {values.get('city')!r})"
            )
    return None


SOLAR_RESOURCE = NotebookSchema(
    notebook="solar_resource",
    parameters=(
        Parameter(
            "city",
            "str",
            "kawasaki",
            "Site: a city id from the partner_cities dataset, or 'custom' with latitude/longitude/tz.",
            choices=ChoicesFrom("partner_cities", "city", extra=("custom",)),
        ),
        Parameter("year", "int", 2025, "Calendar year to model.", minimum=1901, maximum=2099),
        Parameter(
            "time_step_min",
            "int",
            60,
            "Time step of the series; labels mark the start of each interval.",
            unit="min",
            choices=(10, 15, 30, 60),
        ),
        Parameter(
            "latitude",
            "float",
            None,
            "Latitude for city='custom' (north positive).",
            unit="deg",
            minimum=-90.0,
            maximum=90.0,
            nullable=True,
        ),
        Parameter(
            "longitude",
            "float",
            None,
            "Longitude for city='custom' (east positive).",
            unit="deg",
            minimum=-180.0,
            maximum=180.0,
            nullable=True,
        ),
        Parameter(
            "elevation_m",
            "float",
            None,
            "Site elevation for city='custom'; null looks it up offline (pvlib altitude map).",
            unit="m",
            minimum=-430.0,
            maximum=8850.0,
            nullable=True,
        ),
        Parameter(
            "tz",
            "str",
            None,
            "IANA time zone for city='custom', e.g. 'Asia/Jakarta'.",
            nullable=True,
        ),
    ),
    checks=(_check_custom_site,),
)


def _check_pv_yield(values: dict[str, Any]) -> str | None:
    site_error = _check_custom_site(values)
    if site_error:
        return site_error
    if values.get("preset") == "detailed" and values.get("plant") == "custom":
        return (
            "parameter 'preset': 'detailed' needs a plant's CEC module and inverter; use "
            "preset 'pvwatts' with plant 'custom'"
        )
    source = values.get("weather_source")
    if source not in (None, "synthetic") and not Path(str(source)).is_file():
        return f"parameter 'weather_source': {source!r} is neither 'synthetic' nor an existing file"
    return None


def _pct(name: str, default: float, help_text: str) -> Parameter:
    return Parameter(name, "float", default, help_text, unit="%", minimum=0.0, maximum=99.0)


PV_YIELD = NotebookSchema(
    notebook="pv_yield",
    parameters=(
        Parameter(
            "city",
            "str",
            "kawasaki",
            "Site: a city id from the partner_cities dataset, or 'custom' with latitude/longitude/tz.",
            choices=ChoicesFrom("partner_cities", "city", extra=("custom",)),
        ),
        Parameter(
            "latitude",
            "float",
            None,
            "Latitude for city='custom'.",
            unit="deg",
            minimum=-90.0,
            maximum=90.0,
            nullable=True,
        ),
        Parameter(
            "longitude",
            "float",
            None,
            "Longitude for city='custom'.",
            unit="deg",
            minimum=-180.0,
            maximum=180.0,
            nullable=True,
        ),
        Parameter("tz", "str", None, "IANA time zone for city='custom'.", nullable=True),
        Parameter(
            "plant",
            "str",
            "ukishima",
            "System to model: a Kawasaki plant, or 'custom'.",
            choices=("ukishima", "ogishima", "custom"),
        ),
        Parameter(
            "tilt",
            "float",
            None,
            "Module tilt; null keeps the plant's.",
            unit="deg",
            minimum=0.0,
            maximum=90.0,
            nullable=True,
        ),
        Parameter(
            "azimuth",
            "float",
            None,
            "Module azimuth (180 = south); null faces the equator.",
            unit="deg",
            minimum=0.0,
            maximum=360.0,
            nullable=True,
        ),
        Parameter(
            "dc_capacity_kw",
            "float",
            None,
            "DC nameplate; null keeps the plant's.",
            unit="kWp",
            minimum=1e-3,
            maximum=1e7,
            nullable=True,
        ),
        Parameter(
            "dc_ac_ratio",
            "float",
            None,
            "DC/AC ratio; null keeps the plant's.",
            unit="-",
            minimum=0.1,
            maximum=5.0,
            nullable=True,
        ),
        Parameter(
            "preset", "str", "pvwatts", "Model chain preset.", choices=("pvwatts", "detailed")
        ),
        _pct("soiling_pct", 2.0, "Irradiance-stage soiling loss."),
        _pct("shading_pct", 1.0, "Irradiance-stage shading loss."),
        _pct("snow_pct", 0.0, "Irradiance-stage snow loss."),
        _pct("mismatch_pct", 2.0, "DC-stage mismatch loss."),
        _pct("wiring_pct", 2.0, "DC-stage wiring loss."),
        _pct("lid_pct", 1.5, "DC-stage light-induced degradation."),
        _pct("nameplate_pct", 1.0, "DC-stage nameplate tolerance."),
        _pct("transformer_pct", 1.0, "AC-stage transformer loss."),
        _pct("availability_pct", 1.0, "AC-stage availability loss."),
        Parameter(
            "degradation_pct_per_year",
            "float",
            0.5,
            "Linear power degradation.",
            unit="%/yr",
            minimum=-5.0,
            maximum=20.0,
        ),
        Parameter(
            "weather_source",
            "str",
            "synthetic",
            "'synthetic' (from monthly climate) or a path to a TMY2/TMY3/EPW/PVGIS/SAM file.",
        ),
        Parameter("seed", "int", 0, "Seed of the synthetic year.", minimum=0),
        Parameter(
            "years",
            "int",
            25,
            "Lifetime for the degradation run.",
            unit="yr",
            minimum=1,
            maximum=50,
        ),
        Parameter(
            "emission_factor_kg_per_kwh",
            "float",
            0.42,
            "Grid emission factor.",
            unit="kg-CO2/kWh",
            minimum=0.0,
            maximum=2.0,
        ),
        Parameter(
            "validation_seeds",
            "int",
            3,
            "Synthetic years in the Greensboro check.",
            minimum=1,
            maximum=20,
        ),
        Parameter(
            "n_rooftops",
            "int",
            500,
            "Systems in the rooftop-programme demo.",
            minimum=10,
            maximum=100000,
        ),
    ),
    checks=(_check_pv_yield,),
)


def _check_air(values: dict[str, Any]) -> str | None:
    source = values.get("data_source")
    if source not in (None, "embedded") and not Path(str(source)).is_file():
        return f"parameter 'data_source': {source!r} is neither 'embedded' nor an existing file"
    if values.get("standard") not in (None, "JP") and values.get("pollutant") == "ox":
        return (
            "parameter 'standard': photochemical oxidants (Ox, 光化学オキシダント) are judged only "
            "by the Japanese standard; other jurisdictions regulate O3. Use standard 'JP' with Ox"
        )
    if values.get("standard") not in (None, "JP") and values.get("pollutant") == "spm":
        return (
            "parameter 'standard': SPM (浮遊粒子状物質, a Japanese metric) has only a Japanese "
            "standard; use pollutant 'pm25' with other standards"
        )
    return None


AIR_QUALITY_NETWORK = NotebookSchema(
    notebook="air_quality_network",
    parameters=(
        Parameter(
            "pollutant",
            "str",
            "no2",
            "Pollutant to evaluate.",
            choices=("no2", "so2", "co", "ox", "spm", "pm25"),
        ),
        Parameter(
            "fiscal_year",
            "int",
            2017,
            "Fiscal year (April-March) to evaluate; the embedded data hold 2014-2018.",
            minimum=1970,
            maximum=2100,
        ),
        Parameter(
            "standard",
            "str",
            "WHO",
            "A second standard to judge against (the Japanese evaluation always runs).",
            choices=("JP", "WHO", "CN-I", "CN-II", "EU", "US", "IN", "VN", "ID"),
        ),
        Parameter(
            "stations",
            "str",
            "all",
            "all, general, roadside, or comma-separated NIES station codes.",
        ),
        Parameter(
            "data_source",
            "str",
            "embedded",
            "'embedded' (synthetic default) or a path to a NIES hourly file or an openair CSV.",
        ),
        Parameter(
            "grid_cell_m",
            "int",
            500,
            "Cell size of the interpolation grid.",
            unit="m",
            minimum=100,
            maximum=5000,
        ),
        Parameter(
            "interactive_map", "bool", True, "Draw a folium map (its basemap needs internet)."
        ),
    ),
    checks=(_check_air,),
)


def _check_heat(values: dict[str, Any]) -> str | None:
    steam = values.get("steam_t_per_year")
    if values.get("uniform_main") is False and values.get("trunk_dn") is None and steam:
        from kgi_lab.heat.steamnet import load_case

        assumptions = load_case()["assumptions"]
        capacity = float(assumptions["design_steam_t_per_year"]) * float(assumptions["peak_factor"])
        if float(steam) > capacity:
            return (
                f"parameter 'steam_t_per_year': {steam:,.0f} t/yr is more than the stepped main "
                f"is sized for (design {float(assumptions['design_steam_t_per_year']):,.0f} t/yr "
                f"x peak factor {float(assumptions['peak_factor']):g} = {capacity:,.0f} t/yr at "
                "30 m/s): its far end would run out of pressure. Keep uniform_main = True, or "
                "give trunk_dn"
            )
    p = values.get("supply_pressure_mpa")
    t = values.get("supply_temperature_c")
    if p is not None and t is not None:
        from CoolProp.CoolProp import PropsSI

        t_sat = PropsSI("T", "P", float(p) * 1e6, "Q", 1, "IF97::Water") - 273.15
        if float(t) < t_sat - 1e-6:
            return (
                f"parameter 'supply_temperature_c': {t} °C is below the saturation temperature "
                f"{t_sat:.1f} °C at {p} MPa; steam must be saturated or superheated"
            )
    return None


HEAT_NETWORK = NotebookSchema(
    notebook="heat_network",
    parameters=(
        Parameter(
            "steam_t_per_year",
            "float",
            400000,
            "Steam delivered per year (the pipes are sized for 400,000 t/yr).",
            unit="t/yr",
            minimum=100000,
            maximum=600000,
        ),
        Parameter(
            "supply_pressure_mpa",
            "float",
            1.5,
            "Steam pressure at the power station.",
            unit="MPa abs",
            minimum=0.2,
            maximum=10.0,
        ),
        Parameter(
            "supply_temperature_c",
            "float",
            280.0,
            "Steam temperature at the power station.",
            unit="degC",
            minimum=120.0,
            maximum=550.0,
        ),
        Parameter(
            "trunk_dn",
            "int",
            None,
            "DN of the main trunk; null sizes it for 30 m/s.",
            unit="mm",
            minimum=50,
            maximum=1200,
            nullable=True,
        ),
        Parameter(
            "insulation_thickness_mm",
            "float",
            115.0,
            "Rock-wool thickness.",
            unit="mm",
            minimum=10.0,
            maximum=400.0,
        ),
        Parameter("uniform_main", "bool", True, "Keep the main at one DN (the 64 cm trunk)."),
        Parameter(
            "boiler_efficiency",
            "float",
            0.90,
            "Former boilers' efficiency (HHV).",
            minimum=0.01,
            maximum=1.0,
        ),
        Parameter(
            "gas_fraction",
            "float",
            0.6,
            "City-gas share of the former boiler fuel.",
            minimum=0.0,
            maximum=1.0,
        ),
        Parameter(
            "extraction_pressure_mpa",
            "float",
            3.0,
            "Turbine extraction pressure.",
            unit="MPa abs",
            minimum=0.1,
            maximum=20.0,
        ),
        Parameter(
            "marginal_efficiency",
            "float",
            0.59,
            "LHV efficiency of the make-up plant.",
            minimum=0.01,
            maximum=1.0,
        ),
        Parameter(
            "emission_factors",
            "str",
            "japan",
            "Heating values and CO2 factors.",
            choices=("japan",),
        ),
        Parameter("hourly", "bool", False, "Also solve all 8760 hours (about 20 minutes)."),
    ),
    checks=(_check_heat,),
)


def _check_wte(values: dict[str, Any]) -> str | None:
    fiscal_year = values.get("fiscal_year")
    if fiscal_year == 2015:
        if values.get("plant") != "ozenji":
            return (
                "parameter 'plant': FY2015 figures are published for Ozenji only "
                f"(got {values.get('plant')!r}); use plant 'ozenji' or fiscal_year 2012"
            )
        if values.get("throughput_t_per_year") is None:
            return (
                "parameter 'throughput_t_per_year': no city incineration total is published for "
                "FY2015, so the throughput cannot be estimated; give it (t/yr)"
            )
    if values.get("plant") == "tsutsumine" and values.get("partner_exported_gwh") is None:
        return (
            "parameter 'partner_exported_gwh': Tsutsumine's sales are not reported ('—'), so "
            "the Kawasaki-Mechanism example needs the exported electricity (GWh/yr)"
        )
    return None


_WTE_GRIDS = ChoicesFrom("partner_cities", "city", extra=("JP", "CN", "MY", "VN", "ID", "IN"))

WASTE_TO_ENERGY = NotebookSchema(
    notebook="waste_to_energy",
    parameters=(
        Parameter(
            "plant",
            "str",
            "ozenji",
            "Incineration plant to study in sections 2-4.",
            choices=("ukishima", "tsutsumine", "tachibana", "ozenji"),
        ),
        Parameter(
            "fiscal_year",
            "int",
            2012,
            "Fiscal year (April-March): 2012 for all four plants, 2015 for Ozenji only.",
            choices=(2012, 2015),
        ),
        Parameter(
            "waste_lhv_mj_per_kg",
            "float",
            None,
            "Lower heating value of the waste; null = implied by Tachibana's design (estimate).",
            unit="MJ/kg",
            minimum=3.0,
            maximum=20.0,
            nullable=True,
        ),
        Parameter(
            "throughput_t_per_year",
            "float",
            None,
            "Waste burnt by the plant that year; null = the estimate of wte.estimate_throughput_t.",
            unit="t/yr",
            minimum=1000.0,
            maximum=500000.0,
            nullable=True,
        ),
        Parameter(
            "grid",
            "str",
            "kawasaki",
            "Grid whose CO2 factor is displaced: a partner city id or a country code.",
            choices=_WTE_GRIDS,
        ),
        Parameter(
            "grid_factor_kg_per_kwh",
            "float",
            None,
            "Grid CO2 factor overriding `grid`; null = the factor of `grid`.",
            unit="kg-CO2/kWh",
            minimum=0.0,
            maximum=1.5,
            nullable=True,
        ),
        Parameter(
            "plastic_fraction",
            "float",
            None,
            "Plastic mass share of the waste; null = fossil CO2 not counted (no published value).",
            minimum=0.0,
            maximum=1.0,
            nullable=True,
        ),
        Parameter(
            "partner",
            "str",
            "mumbai",
            "Partner city (or country code) of the Kawasaki-Mechanism example.",
            choices=_WTE_GRIDS,
        ),
        Parameter(
            "partner_exported_gwh",
            "float",
            None,
            "Electricity exported by the transferred plant; null = the chosen plant's sales.",
            unit="GWh/yr",
            minimum=0.0,
            maximum=500.0,
            nullable=True,
        ),
        Parameter(
            "mechanism_years",
            "int",
            10,
            "Years of operation counted in the Kawasaki-Mechanism example.",
            unit="yr",
            minimum=1,
            maximum=40,
        ),
    ),
    checks=(_check_wte,),
)


def _check_transfer(values: dict[str, Any]) -> str | None:
    priced = [
        k for k in ("fuel_price_per_gj", "electricity_price_per_mwh") if values.get(k) is not None
    ]
    if priced and not values.get("currency"):
        return (
            f"parameter 'currency' is required with {', '.join(priced)} (an ISO 4217 code such "
            "as 'MYR'); prices without a currency cannot be compared"
        )
    return None


TRANSFER_TO_YOUR_CITY = NotebookSchema(
    notebook="transfer_to_your_city",
    parameters=(
        Parameter(
            "city",
            "str",
            "penang",
            "Your city: Kawasaki or a partner city (datasets/partner_city_factors.yaml).",
            choices=("kawasaki", "shenyang", "shanghai", "penang", "da_nang", "bandung", "mumbai"),
        ),
        Parameter("seed", "int", 0, "Seed of the synthetic typical years.", minimum=0),
        Parameter(
            "tilt",
            "float",
            None,
            "Tilt of your city's PV system; null uses the best tilt of the 5-degree sweep.",
            unit="deg",
            minimum=0.0,
            maximum=90.0,
            nullable=True,
        ),
        Parameter(
            "dc_capacity_kw",
            "float",
            1000.0,
            "DC size of the PV system compared in both cities.",
            unit="kWp",
            minimum=1e-3,
            maximum=1e6,
        ),
        Parameter(
            "year",
            "int",
            2017,
            "Japan's fiscal year and the local standard's calendar year (embedded data).",
            minimum=2015,
            maximum=2018,
        ),
        Parameter(
            "steam_t_per_year",
            "float",
            400000.0,
            "Steam supplied by the Steam-Net-like scheme (Kawasaki 2014: 400,000 t/yr).",
            unit="t/yr",
            minimum=10000.0,
            maximum=2000000.0,
        ),
        Parameter(
            "boiler_efficiency",
            "float",
            0.85,
            "Efficiency of the displaced boilers, NCV basis (assumed, the same in every city).",
            minimum=0.01,
            maximum=1.0,
        ),
        Parameter(
            "fuel_price_per_gj",
            "float",
            None,
            "Boiler-fuel price per GJ (NCV) in 'currency'; null = no money figures (none found).",
            minimum=0.0,
            nullable=True,
        ),
        Parameter(
            "electricity_price_per_mwh",
            "float",
            None,
            "Value of the lost generation per MWh in 'currency'; null = not valued.",
            minimum=0.0,
            nullable=True,
        ),
        Parameter(
            "currency",
            "str",
            None,
            "ISO 4217 code of the prices, e.g. 'MYR' (required with a price).",
            nullable=True,
        ),
    ),
    checks=(_check_transfer,),
)


#: Registered notebooks by name (file stem in ``notebooks/``).
SCHEMAS: dict[str, NotebookSchema] = {
    s.notebook: s
    for s in (
        SOLAR_RESOURCE,
        PV_YIELD,
        AIR_QUALITY_NETWORK,
        HEAT_NETWORK,
        WASTE_TO_ENERGY,
        TRANSFER_TO_YOUR_CITY,
    )
}


def check_parameters(notebook: str, namespace: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a notebook's parameter values where they live (its ``globals()``).

    Notebooks call this right after their parameters cell, so a value edited by hand in
    JupyterLab gets the same one-line error, naming the parameter, as ``kgi-lab run`` gives
    before a batch starts, instead of a failure deep inside a later cell.

    Parameters
    ----------
    notebook : str
        The registered notebook name (file stem).
    namespace : mapping
        Usually ``globals()`` of the notebook.

    Returns
    -------
    dict
        The typed values.

    Raises
    ------
    ParameterError
        An unknown notebook, a missing parameter, a wrong type, a value out of range or an
        invalid combination.
    """
    schema = SCHEMAS.get(notebook)
    if schema is None:
        raise ParameterError(
            f"no parameter schema for notebook '{notebook}'; registered: {', '.join(SCHEMAS)}"
        )
    missing = [name for name in schema.names if name not in namespace]
    if missing:
        raise ParameterError(
            f"notebook '{notebook}': parameter(s) {', '.join(missing)} are not defined; run the "
            "parameters cell first"
        )
    return schema.validate({name: namespace[name] for name in schema.names})


def available_notebooks() -> list[str]:
    """Names of the notebooks in ``notebooks/``."""
    return sorted(p.stem for p in notebooks_dir().glob("*.ipynb"))


def find_notebook(name_or_path: str | Path) -> Path:
    """Resolve a notebook name (``solar_resource``) or a path to an existing ``.ipynb`` file."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".ipynb" and candidate.is_file():
        return candidate.resolve()
    if candidate.suffix == "":
        in_dir = notebooks_dir() / f"{candidate.name}.ipynb"
        if in_dir.is_file():
            return in_dir
    raise NotebookNotFoundError(
        f"unknown notebook '{name_or_path}'; give a path to an .ipynb file or one of: "
        f"{', '.join(available_notebooks()) or '(none found in ' + str(notebooks_dir()) + ')'}"
    )


def _literal_type(source: str) -> tuple[str, Any]:
    """Type name and value of a parameter default given as Python source."""
    try:
        value = ast.literal_eval(source)
    except (ValueError, SyntaxError):
        return "any", source
    for name, kind in (("bool", bool), ("int", int), ("float", float), ("str", str)):
        if type(value) is kind:
            return name, value
    return "any", value


def _inferred_schema(path: Path) -> NotebookSchema:
    import papermill

    try:
        found = papermill.inspect_notebook(str(path))
    except Exception as exc:  # papermill raises several error types for unreadable notebooks
        raise ParameterError(f"cannot read the parameters of {path}: {exc}") from exc
    params = []
    for name, info in found.items():
        kind, default = _literal_type(str(info.get("default")))
        params.append(
            Parameter(name, kind, default, str(info.get("help") or ""), nullable=default is None)
        )
    return NotebookSchema(notebook=path.stem, parameters=tuple(params))


def schema_for(path: Path) -> NotebookSchema:
    """The registered schema of a notebook under ``notebooks/``, else one inferred from the file."""
    registered = SCHEMAS.get(path.stem)
    if registered is not None and path.parent.resolve() == notebooks_dir().resolve():
        return registered
    return _inferred_schema(path)
