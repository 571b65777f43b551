// The console reads response shapes from the server modules that produce them (`import type` from src/: erased by
// the build, nothing of the server enters the bundle). Type-checking those modules in the web program needs the
// request decorations the server registers in src/http/app.ts (@fastify/multipart's `req.parts()`).
/// <reference types="@fastify/multipart" />
// The reports module's PDF side declares the types of fontkit (which has none) in a .d.ts of its own.
/// <reference path="../src/modules/reports/pdf/fontkit.d.ts" />
