"""Validation against what the Kawasaki plants really produced.

The gap between model and measurement is *reported*, not asserted: the published energies are
net of the plant's own consumption and in-plant cable losses, the weather is a typical year
rather than the year measured, and the plant coordinates and azimuth are estimates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from kgi_lab.pv.systems import plant

__all__ = ["fiscal_year_energy", "fiscal_year_trend", "plant_validation_table"]


def fiscal_year_energy(name: str = "ukishima") -> pd.Series:
    """Measured annual energy by fiscal year (April–March) [MWh], as published (rounded).

    Parameters
    ----------
    name : str
        Plant id; only Ukishima has a published fiscal-year series.
    """
    meta = plant(name).metadata
    series = meta["measured"].get("fiscal_year_energy_mwh")
    if series is None:
        raise ValueError(f"no fiscal-year series is published for plant {name!r}")
    values = {int(k): float(v) for k, v in series["values"].items()}
    out = pd.Series(values, name="energy_mwh", dtype=float).sort_index()
    out.index.name = "fiscal_year"
    out.attrs = {"units": "MWh", "source": series["source"], "plant": name}
    return out


def fiscal_year_trend(
    energy_mwh: pd.Series, *, first: int | None = None, last: int | None = None
) -> dict[str, float]:
    """Linear trend of annual energy: least squares and Theil–Sen.

    Parameters
    ----------
    energy_mwh : pandas.Series
        Annual energy indexed by fiscal year [MWh].
    first, last : int, optional
        Fiscal years to include (inclusive).

    Returns
    -------
    dict
        ``ols_mwh_per_year``, ``ols_pct_per_year`` (relative to the fitted value in the first
        year), ``theil_sen_mwh_per_year`` with its 95 % interval (``theil_sen_low``,
        ``theil_sen_high``), ``theil_sen_pct_per_year``, ``n_years``.

    Notes
    -----
    An annual-energy trend mixes degradation with year-to-year irradiance, availability and
    soiling; with ten points its uncertainty is of the same order as typical degradation rates
    (0.5 %/yr median, Jordan & Kurtz 2013, :doi:`10.1002/pip.1182`). Theil–Sen (Sen 1968,
    :doi:`10.1080/01621459.1968.10480934`) is robust to one outlying year.
    """
    s = energy_mwh.dropna().sort_index()
    if first is not None:
        s = s[s.index >= first]
    if last is not None:
        s = s[s.index <= last]
    if len(s) < 3:
        raise ValueError(f"need at least 3 years for a trend, got {len(s)}")
    x = s.index.to_numpy(dtype=float)
    y = s.to_numpy(dtype=float)
    ols = stats.linregress(x, y)
    ts = stats.theilslopes(y, x, alpha=0.95)
    base_ols = ols.intercept + ols.slope * x[0]
    base_ts = ts.intercept + ts.slope * x[0]
    return {
        "n_years": float(len(s)),
        "ols_mwh_per_year": float(ols.slope),
        "ols_pct_per_year": float(100.0 * ols.slope / base_ols),
        "ols_stderr_mwh_per_year": float(ols.stderr),
        "theil_sen_mwh_per_year": float(ts.slope),
        "theil_sen_low": float(ts.low_slope),
        "theil_sen_high": float(ts.high_slope),
        "theil_sen_pct_per_year": float(100.0 * ts.slope / base_ts),
    }


def plant_validation_table(modelled_mwh: dict[str, float]) -> pd.DataFrame:
    """Modelled vs estimated vs measured annual energy of the plants.

    Parameters
    ----------
    modelled_mwh : dict
        Plant id → modelled annual AC energy [MWh].

    Returns
    -------
    pandas.DataFrame
        Per plant: capacities, ``modelled_mwh``, ``estimate_mwh`` (published pre-construction
        estimate), ``first_year_mwh`` and, for Ukishima, the fiscal-year mean; the ratios of the
        model to each; specific yields [kWh/kWp].
    """
    rows = []
    for name, model in modelled_mwh.items():
        spec = plant(name)
        meta = spec.metadata
        row = {
            "plant": name,
            "dc_capacity_kw": spec.dc_capacity_kw,
            "modelled_mwh": float(model),
            "estimate_mwh": meta["estimate"]["annual_energy_mwh"],
            "first_year_mwh": meta["measured"]["first_year"]["energy_mwh"],
        }
        fy = meta["measured"].get("fiscal_year_energy_mwh")
        row["fiscal_year_mean_mwh"] = (
            float(np.mean(list(fy["values"].values()))) if fy is not None else np.nan
        )
        rows.append(row)
    table = pd.DataFrame(rows).set_index("plant")
    for col in ("estimate_mwh", "first_year_mwh", "fiscal_year_mean_mwh"):
        table[f"model_over_{col.removesuffix('_mwh')}"] = table["modelled_mwh"] / table[col]
    for col in ("modelled_mwh", "estimate_mwh", "first_year_mwh"):
        table[f"{col.removesuffix('_mwh')}_kwh_per_kwp"] = (
            table[col] * 1000.0 / table["dc_capacity_kw"]
        )
    table.attrs["units"] = "MWh; ratios [-]; specific yields kWh/kWp"
    return table
