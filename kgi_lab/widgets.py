"""ipywidgets explorers for the teaching notebooks (imported only by notebooks).

Each explorer precomputes what does not change (the sun's position) and re-runs the cheap part of
the model on every slider move. In a batch run (papermill) there is no one to move the sliders:
:func:`interactive_session` lets notebooks skip building them.
"""

from __future__ import annotations

import os

__all__ = ["interactive_session", "pv_explorer"]


def interactive_session() -> bool:
    """False inside a kgi-lab batch run (``KGI_LAB_BATCH=1``), True otherwise."""
    return os.environ.get("KGI_LAB_BATCH", "") != "1"


def pv_explorer(weather, system, location=None, *, losses=None):
    """Sliders for tilt, azimuth, DC/AC ratio, soiling and availability; shows specific yield,
    performance ratio and the loss waterfall of :func:`kgi_lab.pv.simulate`.

    Returns
    -------
    ipywidgets.VBox
        Its ``state["result"]`` holds the latest :func:`~kgi_lab.pv.simulate` result.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import display

    from kgi_lab.pv import LossTree, simulate, solar_geometry
    from kgi_lab.pv.analysis import loss_waterfall
    from kgi_lab.pv.plots import plot_loss_waterfall

    base = losses or LossTree()
    geo = solar_geometry(weather, location)
    style = {"description_width": "11em"}
    layout = widgets.Layout(width="32em")
    controls = {
        "surface_tilt": widgets.FloatSlider(
            value=system.surface_tilt, min=0, max=90, step=1, description="tilt [°]"
        ),
        "surface_azimuth": widgets.FloatSlider(
            value=system.surface_azimuth, min=0, max=360, step=5, description="azimuth [°]"
        ),
        "dc_ac_ratio": widgets.FloatSlider(
            value=round(system.dc_ac_ratio, 2),
            min=0.8,
            max=2.0,
            step=0.05,
            description="DC/AC ratio [-]",
        ),
        "soiling": widgets.FloatSlider(
            value=base.soiling, min=0, max=20, step=0.5, description="soiling [%]"
        ),
        "availability": widgets.FloatSlider(
            value=base.availability, min=0, max=20, step=0.5, description="availability [%]"
        ),
    }
    for c in controls.values():
        c.style, c.layout, c.continuous_update = style, layout, False
    out = widgets.Output()
    state: dict = {}

    def update(_=None):
        spec = system.replace(
            surface_tilt=controls["surface_tilt"].value,
            surface_azimuth=controls["surface_azimuth"].value,
            dc_ac_ratio=controls["dc_ac_ratio"].value,
        )
        tree = base.__class__(
            **{
                **base.to_dict(),
                "soiling": controls["soiling"].value,
                "availability": controls["availability"].value,
            }
        )
        res = simulate(weather, spec, location, losses=tree, keep=(), geometry=geo)
        state["result"] = res
        with out:
            out.clear_output(wait=True)
            print(
                f"specific yield {float(res['specific_yield_kwh_per_kwp']):.0f} kWh/kWp · "
                f"PR {float(res['performance_ratio']):.3f} · "
                f"AC energy {float(res['ac_energy_kwh']) / 1000:.1f} MWh"
            )
            fig = plot_loss_waterfall(loss_waterfall(res))
            display(fig)
            plt.close(fig)

    for c in controls.values():
        c.observe(update, names="value")
    update()
    box = widgets.VBox([*controls.values(), out])
    box.state = state  # the last result, for tests and for users who want the numbers
    return box
