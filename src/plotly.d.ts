declare module 'plotly.js/lib/core';
declare module 'plotly.js/lib/scatter';
declare module 'plotly.js/lib/scatter3d';
declare module 'plotly.js/lib/heatmap';
declare module 'plotly.js/lib/bar';
