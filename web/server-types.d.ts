// The console reads response shapes from the server modules that produce them (`import type` from src/: erased by
// the build, nothing of the server enters the bundle). Type-checking those modules in the web program needs the
// request decorations the server registers in src/http/app.ts (@fastify/multipart's `req.parts()`).
/// <reference types="@fastify/multipart" />
