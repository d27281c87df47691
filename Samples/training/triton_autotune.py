"""Shorter Triton autotuning for fla's kernels on the tiny shapes of the sample models."""


def fast_autotune():
    """Let Triton's autotuner try only the first config of each kernel (full search if it fails): the
    tiny shapes here would otherwise spend minutes tuning. Block sizes change summation order only."""
    import triton.runtime.autotuner as A
    orig_prune, orig_run = A.Autotuner.prune_configs, A.Autotuner.run

    def prune(self, *a, **k):
        cfgs = orig_prune(self, *a, **k)
        return cfgs if getattr(self, '_gdn_full', False) else cfgs[:1]

    def run(self, *a, **k):
        try:
            return orig_run(self, *a, **k)
        except Exception:
            if getattr(self, '_gdn_full', False):
                raise
            self._gdn_full = True
            self.cache.clear()
            return orig_run(self, *a, **k)
    A.Autotuner.prune_configs, A.Autotuner.run = prune, run
