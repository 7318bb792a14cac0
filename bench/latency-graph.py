#!/usr/bin/env python3
"""Draws p99 latency against offered delivery rate, one line per server, as an SVG.

Reads the load client's RESULT lines (as bench/single-instance.sh prints them) on stdin and
writes the SVG to stdout: one panel per workload (fan-out, small rooms), a point per run, a line
through the median run at each rate, latency on a logarithmic axis. Standard library only.

    bench/latency-graph.py < results.txt > latency.svg
"""
import math
import re
import statistics
import sys
from collections import defaultdict

WIDTH, HEIGHT = 460, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 36, 48
COLOURS = {"chat-server": "#1f77b4", "ceiling": "#d62728"}
NAMES = {"chat-server": "chat-server", "ceiling": "raw-Netty reference"}
PANELS = {"fanout": "Fan-out: one room of 1,000 members", "rooms": "Small rooms: 1,000 rooms of 10"}


def parse(lines):
    """{workload: {label: {rate: [p99, ...]}}} from RESULT lines."""
    runs = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for line in lines:
        match = re.match(r"RESULT (fanout|rooms) ", line)
        if not match:
            continue
        fields = dict(re.findall(r"(\w+)=([^ ]+)", line))
        p99 = fields.get("p99", "-").removesuffix("ms")
        if p99 in ("", "-"):
            continue
        runs[match.group(1)][fields["label"]][int(fields["target"])].append(float(p99))
    return runs


def ticks(low, high):
    """Powers of ten (and their 1-2-5 steps) between low and high, for the log axis."""
    out = []
    for exponent in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
        for step in (1, 2, 5):
            value = step * 10 ** exponent
            if low <= value <= high:
                out.append(value)
    return out


def panel(workload, series, x0):
    rates = sorted({rate for by_rate in series.values() for rate in by_rate})
    values = [v for by_rate in series.values() for vs in by_rate.values() for v in vs]
    low, high = max(min(values) / 1.5, 0.1), max(values) * 1.5
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(rate):
        if len(rates) == 1:
            return x0 + LEFT + plot_w / 2
        return x0 + LEFT + plot_w * (rate - rates[0]) / (rates[-1] - rates[0])

    def y(ms):
        return TOP + plot_h * (1 - (math.log10(ms) - math.log10(low)) / (math.log10(high) - math.log10(low)))

    out = [f'<text x="{x0 + WIDTH / 2}" y="20" text-anchor="middle" font-weight="bold">{PANELS[workload]}</text>',
           f'<rect x="{x0 + LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#999"/>']
    for tick in ticks(low, high):
        out.append(f'<line x1="{x0 + LEFT}" x2="{x0 + LEFT + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                   'stroke="#eee"/>')
        out.append(f'<text x="{x0 + LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:g}</text>')
    for rate in rates:
        out.append(f'<text x="{x(rate):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">{rate // 1000}k</text>')
    out.append(f'<text x="{x0 + LEFT + plot_w / 2}" y="{HEIGHT - 10}" text-anchor="middle">'
               'offered deliveries/s</text>')
    out.append(f'<text transform="translate({x0 + 14},{TOP + plot_h / 2}) rotate(-90)" text-anchor="middle">'
               'p99 latency, ms (log)</text>')
    for label, by_rate in sorted(series.items()):
        colour = COLOURS.get(label, "#555")
        points = [(x(rate), y(statistics.median(by_rate[rate]))) for rate in sorted(by_rate)]
        out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>'
                   % (colour, " ".join(f"{px:.1f},{py:.1f}" for px, py in points)))
        for rate, p99s in by_rate.items():
            for p99 in p99s:
                out.append(f'<circle cx="{x(rate):.1f}" cy="{y(p99):.1f}" r="3" fill="{colour}"/>')
    return out


def main():
    runs = parse(sys.stdin)
    if not runs:
        sys.exit("no RESULT lines with a p99 on stdin")
    workloads = [w for w in PANELS if w in runs]
    total_w = WIDTH * len(workloads)
    body = []
    for i, workload in enumerate(workloads):
        body += panel(workload, runs[workload], i * WIDTH)
    labels = sorted({label for w in workloads for label in runs[w]})
    for i, label in enumerate(labels):
        lx = 10 + 190 * i
        body.append(f'<rect x="{lx}" y="{HEIGHT + 4}" width="12" height="12" fill="{COLOURS.get(label, "#555")}"/>')
        body.append(f'<text x="{lx + 18}" y="{HEIGHT + 14}">{NAMES.get(label, label)}</text>')
    print(f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w}" height="{HEIGHT + 24}" '
          f'font-family="sans-serif" font-size="12">')
    print(f'<rect width="{total_w}" height="{HEIGHT + 24}" fill="white"/>')
    print("\n".join(body))
    print("</svg>")


if __name__ == "__main__":
    main()
