/*
 * Permanent links on split pages. When an area has more results than fit one
 * page, they are published on year pages, cut into numbered pages; adding
 * results can move one to the next page, and an area that grows becomes
 * split. A link to "#result-id" on a page that no longer holds it is sent on
 * to the page that does, using the area's datos/ubicaciones/<area>.json
 * (named by the page's data-rc-locations attribute).
 */
(function () {
  "use strict"
  var holder = document.querySelector("[data-rc-locations]")
  if (!holder || !window.fetch) return

  var follow = function () {
    var id = decodeURIComponent(location.hash.slice(1))
    if (!id || document.getElementById(id)) return
    var file = new URL(holder.getAttribute("data-rc-locations"), location.href)
    fetch(file.href)
      .then(function (response) { return response.ok ? response.json() : {} })
      .then(function (places) {
        if (!Object.prototype.hasOwnProperty.call(places, id)) return
        var target = new URL(places[id], file.href)
        target.hash = location.hash
        if (target.pathname !== location.pathname) location.replace(target.href)
      })
      .catch(function () { /* offline copy (file://) or network: stay here */ })
  }

  follow()
  window.addEventListener("hashchange", follow)
})()
