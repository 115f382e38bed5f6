/*
 * Search worker for Spanish readers: Material's own worker, with two changes
 * to how words become search terms (both for the index and for queries):
 *
 * 1. Accents and tildes are folded: "plantaton" finds "PLANTATÓN" and
 *    "educacion" finds "Educación". Material's lunr does not fold diacritics.
 * 2. Numbers are kept whole ("1,555", "107"): the Spanish trimmer drops
 *    every token without letters, so figures could not be found.
 *
 * overrides/main.html points Material at this file and passes the name of
 * Material's worker, which is loaded from this same folder. In the offline
 * copy (file://) this runs inside iframe-worker's iframe, where importScripts
 * is asynchronous and resolves URLs against the page: hence the absolute URL
 * and the promise.
 */
(function () {
  "use strict"
  var here = typeof document !== "undefined" && document.currentScript
    ? document.currentScript.src
    : self.location.href
  var name = (new URL(here).searchParams.get("material") || "").split("?")[0]
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(name)) {
    throw new Error("busqueda.js: nombre de worker no válido: " + name)
  }

  var fold = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
  }
  var number = /^\d[\d.,]*$/
  var trailing = /[.,]+$/

  Promise.resolve(importScripts(new URL(name, here).href)).then(function () {
    var run = lunr.Pipeline.prototype.run
    lunr.Pipeline.prototype.run = function (tokens) {
      var words = []
      var numbers = []
      for (var i = 0; i < tokens.length; i++) {
        var token = tokens[i].update(fold)
        if (number.test(token.toString())) {
          numbers.push(token.update(function (text) { return text.replace(trailing, "") }))
        } else {
          words.push(token)
        }
      }
      return run.call(this, words).concat(numbers)
    }
  })
})()
