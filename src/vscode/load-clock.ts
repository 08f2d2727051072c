// Imported first by main.ts, so this runs before the rest of the bundle is evaluated: the start of the
// activation cost a user pays (bundle load + activate()).
export const bundleLoadStarted = Date.now();
