// The clerk's desk, in the room: saves as the clerk types or ticks, so
// nothing is lost. Every form still works without this script.
// - Minutes: saved 0.7 s after the last keystroke, at once when the page is
//   hidden or closed, and kept in this browser until the server has them;
//   a save that fails is retried and shown; a newer text saved by someone
//   else is never overwritten: both texts are shown and the clerk chooses.
// - Attendance: saved on every change.
// - The agenda: items dragged into place (the buttons still move them one
//   place at a time, by keyboard too).
(function () {
  "use strict";
  var status = document.getElementById("save-state");
  function say(text) { if (status) { status.textContent = text; } }
  function post(form, keepalive) {
    return fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { "Accept": "application/json" },
      credentials: "same-origin",
      keepalive: !!keepalive
    });
  }

  function minutes(form) {
    var box = form.querySelector("textarea");
    var version = form.querySelector("input[name=version]");
    var item = form.action.split("/").slice(-2)[0];
    var preview = document.querySelector("[data-preview='" + item + "']");
    var key = "minutebook-minutes-" + item;
    var timer = null, saving = false, dirty = false, retry = 1000;

    function keep() {
      try { localStorage.setItem(key, JSON.stringify({ text: box.value, version: version.value })); } catch (e) { /* private mode */ }
    }
    function kept() {
      try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
    }
    function forget() { try { localStorage.removeItem(key); } catch (e) { /* private mode */ } }

    function clash(theirs, theirVersion) {
      var old = form.parentNode.querySelector(".desk-clash");
      if (old) { old.remove(); }
      var div = document.createElement("div");
      div.className = "notice notice-error desk-clash";
      div.setAttribute("role", "alert");
      var h = document.createElement("h3");
      h.textContent = "Someone else saved this item's minutes since you opened it";
      var p = document.createElement("p");
      p.className = "minutes-clash";
      p.textContent = theirs;
      var note = document.createElement("p");
      note.textContent = "Their text is above; yours is still in the box. Nothing has been overwritten.";
      var mine = document.createElement("button");
      mine.type = "button";
      mine.textContent = "Keep my text (replaces theirs)";
      mine.addEventListener("click", function () { version.value = theirVersion; div.remove(); save(); });
      var use = document.createElement("button");
      use.type = "button";
      use.textContent = "Use their text";
      use.addEventListener("click", function () {
        box.value = theirs; version.value = theirVersion; forget(); dirty = false; div.remove(); say("Their text is kept.");
      });
      div.append(h, p, note, mine, " ", use);
      form.parentNode.insertBefore(div, form);
      say("Not saved: someone else changed this item. Choose which text to keep.");
    }

    function save(keepalive) {
      if (saving && !keepalive) { dirty = true; return; }
      saving = true; dirty = false;
      var sent = box.value;
      say("Saving…");
      post(form, keepalive).then(function (res) {
        return res.json().then(function (body) { return { res: res, body: body }; });
      }).then(function (r) {
        saving = false;
        if (r.res.ok) {
          version.value = r.body.version;
          if (preview) { preview.innerHTML = r.body.preview; }
          if (box.value === sent) { forget(); } else { keep(); }
          retry = 1000;
          say("Minutes saved at " + r.body.saved_at + ".");
          if (dirty) { save(); }
        } else if (r.res.status === 409 && r.body.conflict) {
          clash(r.body.theirs, r.body.version);
        } else {
          say("Not saved: " + (r.body.problem || "the server refused it") + ".");
        }
      }).catch(function () {
        saving = false;
        say("Not saved yet (no connection): trying again in " + Math.round(retry / 1000) + " s. What you typed is kept in this browser.");
        setTimeout(function () { save(); }, retry);
        retry = Math.min(retry * 2, 30000);
      });
    }

    box.addEventListener("input", function () {
      keep();
      clearTimeout(timer);
      timer = setTimeout(save, 700);
    });
    function flush() {
      var k = kept();
      if (k && k.text === box.value) { clearTimeout(timer); save(true); }
    }
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") { flush(); } });

    var before = kept();
    if (before && before.text !== box.value) {
      if (before.version === version.value) {
        box.value = before.text;
        say("What you typed before the page closed is restored, and being saved.");
        save();
      } else {
        var theirs = box.value;
        box.value = before.text;
        clash(theirs, version.value);
      }
    } else if (before) {
      forget();
    }
  }

  function attendance(form) {
    form.addEventListener("change", function () {
      say("Saving attendance…");
      post(form).then(function (res) {
        return res.json().then(function (body) { return { res: res, body: body }; });
      }).then(function (r) {
        if (r.res.ok) {
          // What is saved is now what the page shows.
          Array.prototype.forEach.call(form.querySelectorAll("select[name^='mark-']"), function (s) {
            var was = form.querySelector("input[name='was-" + s.name.slice(5) + "']");
            if (was) { was.value = s.value; }
          });
          var chair = form.querySelector("input[name=chair]:checked");
          var wasChair = form.querySelector("input[name=was-chair]");
          if (wasChair) { wasChair.value = chair ? chair.value : ""; }
        }
        say(r.res.ok ? "Attendance saved." : "Attendance not saved: " + (r.body.problem || "refused") + ".");
      }).catch(function () { say("Attendance not saved (no connection): press Save attendance when back online."); });
    });
  }

  function reorder(list) {
    var csrf = document.querySelector("input[name=csrf]");
    var dragged = null;
    Array.prototype.forEach.call(list.children, function (li) {
      li.addEventListener("dragstart", function (e) {
        dragged = li;
        e.dataTransfer.effectAllowed = "move";
        e.dataTransfer.setData("text/plain", li.dataset.move);
      });
      li.addEventListener("dragover", function (e) {
        if (!dragged || dragged === li) { return; }
        e.preventDefault();
        var r = li.getBoundingClientRect();
        list.insertBefore(dragged, e.clientY < r.top + r.height / 2 ? li : li.nextSibling);
      });
    });
    list.addEventListener("drop", function (e) { e.preventDefault(); });
    list.addEventListener("dragend", function () {
      if (!dragged) { return; }
      var place = Array.prototype.indexOf.call(list.children, dragged) + 1;
      var body = new URLSearchParams({ csrf: csrf ? csrf.value : "", direction: "to", position: String(place), version: dragged.dataset.version });
      var url = dragged.dataset.move;
      dragged = null;
      say("Moving the item…");
      fetch(url, {
        method: "POST", body: body, headers: { "Accept": "application/json" }, credentials: "same-origin"
      }).then(function (res) {
        if (res.ok) { window.location.assign(window.location.pathname + "?done=moved#items"); } else { say("The item could not be moved: reload the page and try again."); }
      }).catch(function () { say("The item could not be moved (no connection)."); });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("ol[data-reorder]"), reorder);
  Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave=minutes]"), minutes);
  Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave=attendance]"), attendance);
}());
