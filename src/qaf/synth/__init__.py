"""The synthetic local authority: a complete, coherent input folder calibrated to a real council's
monthly QA report (see docs/synthetic-data.md)."""

from qaf.synth.profile import PROFILES, Profile, get_profile
from qaf.synth.write import SynthSummary, write_folder

__all__ = ["PROFILES", "Profile", "SynthSummary", "get_profile", "write_folder"]
