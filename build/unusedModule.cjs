// Stands in for a dependency of a bundled library that the bundle never calls (see bundles.mjs).
module.exports = {};
