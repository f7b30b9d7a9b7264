"""What the benchmark scripts share: timing a callable several times."""
import statistics
import time


def timed(function, runs):
    """Runs `function` `runs` times; returns (min, median) seconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return min(samples), statistics.median(samples)
