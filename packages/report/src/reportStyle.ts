/** The report's CSS (inline: the file works offline). */
export const reportStyle = `
body{font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1d2330;background:#fafbfc}
header{padding:12px 20px;background:#fff;border-bottom:1px solid #dde1e6}
h1{font-size:18px;margin:0 0 4px}h2{font-size:15px;margin:0 0 8px}h2 small{font-weight:normal;color:#667}
h3{font-size:13px;margin:14px 0 6px}h4{font-size:12px;margin:6px 0 4px}
main{padding:12px 20px}.pod{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:12px;margin-bottom:16px}
.scroll{overflow-x:auto}.timeline{display:block}
.row-label{font-size:12px;fill:#1d2330}.role{fill:#889;font-size:10px}
.tick{stroke:#eef0f3}.tick-label{font-size:10px;fill:#667;text-anchor:middle}
.seg{stroke:#fff;stroke-width:.5}.seg:hover{stroke:#1d2330;stroke-width:1.5}.seg-text{font-size:10px;fill:#fff;pointer-events:none}
.seg.state-absent{fill:#e4e8ed}.seg.state-absent+.seg-text{fill:#556}
.seg.state-running-ready,.key.state-running-ready{fill:#2e9d5b;background:#2e9d5b}
.seg.state-running-unready,.key.state-running-unready{fill:#a8c545;background:#a8c545}
.seg.state-waiting,.key.state-waiting{fill:#8a9bb0;background:#8a9bb0}
.seg.state-waiting-pull,.key.state-waiting-pull{fill:#e0892b;background:#e0892b}
.seg.state-waiting-crash,.key.state-waiting-crash{fill:#d0453b;background:#d0453b}
.seg.state-terminated-ok,.key.state-terminated-ok{fill:#4b5563;background:#4b5563}
.seg.state-terminated-error,.key.state-terminated-error{fill:#7f1d1d;background:#7f1d1d}
.seg.phase-Pending{fill:#b7c3d0}.seg.phase-Running{fill:#3b82c4}.seg.phase-Succeeded{fill:#4b5563}.seg.phase-Failed{fill:#7f1d1d}.seg.phase-Unknown{fill:#9c7ad6}
.seg.cond-True{fill:#6cc08b}.seg.cond-False{fill:#e8b4ae}.seg.cond-Unknown{fill:#cfc3e6}
.band .seg-text{fill:#1d2330}.band[data-band=phase] .seg-text{fill:#fff}
.mark-restart{fill:#d0453b}.mark-probe-succeeded{fill:#2e9d5b}.mark-probe-failed{fill:#d0453b;stroke:#fff}
.cursor{stroke:#1d2330;stroke-width:1.5;stroke-dasharray:3 2}
.legend .key{display:inline-block;color:#fff;padding:1px 6px;margin-right:6px;border-radius:3px;font-size:11px}
.legend .mark-key-restart,.legend .mark-key-probe{color:#1d2330;background:#eef0f3}
#tooltip{position:fixed;z-index:10;max-width:560px;background:#1d2330;color:#fff;padding:6px 8px;border-radius:4px;font-size:11px;white-space:pre-wrap;pointer-events:none}
#tooltip b{display:block;font-size:12px;margin-bottom:2px}
.cursor-panel{margin:8px 0;padding:8px;background:#f3f5f7;border-radius:4px}.cursor-panel input{width:420px;vertical-align:middle}
table{border-collapse:collapse;font-size:12px}td,th{padding:2px 10px 2px 0;text-align:left;vertical-align:top}
table.row{font-family:ui-monospace,"DejaVu Sans Mono",monospace;margin-top:6px}
table.events td{border-top:1px solid #eef0f3}.ev-Warning td:first-child{color:#b42318;font-weight:600}
pre{max-height:360px;overflow:auto;background:#fff;border:1px solid #dde1e6;padding:6px;font-size:11px}
.states{display:flex;flex-wrap:wrap;gap:4px}.state{border:1px solid #cfd5dc;border-radius:12px;padding:1px 8px;font-size:11px;color:#889}
.state.visited{border-color:#3b82c4;background:#e6f0fa;color:#1d2330}.path{font-size:11px;color:#445;margin:4px 0 8px}.none{color:#667}
`;
