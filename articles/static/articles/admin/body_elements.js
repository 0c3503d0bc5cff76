// The newsroom's body elements for the story editor (django-prose-editor, tiptap): library
// photos and galleries, embeds, pull quotes, fact boxes, links to other stories, and the
// body's word count. Each writes exactly the stored vocabulary of articles/sanitize.py.
import { Extension, Mark, Node, crel, gettext } from "django-prose-editor/editor"

const READING_WORDS_PER_MINUTE = 230

// Dialogs -------------------------------------------------------------------------------

function field(label, input, help = "") {
  // crel sets attributes after appending children: the text goes in as a child too.
  const wrapper = crel("div", { className: "prose-editor-dialog-field" }, [
    crel("label", {}, [label, input]),
  ])
  if (help) {
    wrapper.append(crel("p", { className: "help body-element-help", textContent: help }))
  }
  return wrapper
}

// A modal dialog with a form; resolves with what ``collect`` reads from it, or null.
function openDialog(editor, { title, parts, submitText, collect, className = "" }) {
  return new Promise((resolve) => {
    const submit = crel("button", { type: "submit", textContent: submitText })
    const cancel = crel("button", { type: "button", textContent: gettext("Cancel") })
    const form = crel("form", {}, [
      crel("h3", { className: "prose-editor-dialog-title", textContent: title }),
      ...parts,
      crel("div", { className: "prose-editor-dialog-buttons" }, [submit, cancel]),
    ])
    const dialog = crel("dialog", { className: `prose-editor-dialog ${className}` }, [form])
    editor.view.dom.parentElement.append(dialog)
    let result = null
    cancel.addEventListener("click", () => dialog.close())
    form.addEventListener("submit", (event) => {
      event.preventDefault()
      if (!form.reportValidity()) return
      result = collect(form)
      if (result !== null) dialog.close()
    })
    dialog.addEventListener("close", () => {
      dialog.remove()
      resolve(result)
    })
    dialog.showModal()
  })
}

function autocomplete(url, term) {
  const query = new URL(url, window.location.href)
  query.searchParams.set("term", term)
  return fetch(query, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : { results: [] }))
    .then((data) => data.results || [])
}

function imageDetails(detailsUrl, id) {
  const url = detailsUrl.replace(/\/0\/picker\/$/, `/${id}/picker/`)
  return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : null))
    .catch(() => null)
}

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]")
  return input ? input.value : ""
}

// A search box and a list of choices: radio buttons for one, check boxes for several.
function searchList({ url, multiple, name, placeholder, onChoose }) {
  const search = crel("input", { type: "search", placeholder, className: "body-element-search" })
  const results = crel("ul", { className: "body-element-results" })
  const chosen = new Map()
  const add = (id, text, checked = false) => {
    if (results.querySelector(`input[value="${CSS.escape(String(id))}"]`)) return
    const input = crel("input", { type: multiple ? "checkbox" : "radio", name, value: id })
    input.checked = checked
    input.addEventListener("change", () => {
      if (!multiple) chosen.clear()
      if (input.checked) chosen.set(String(id), text)
      else chosen.delete(String(id))
      onChoose?.(String(id), input.checked)
    })
    results.append(crel("li", {}, [crel("label", {}, [input, ` ${text}`])]))
    if (checked) input.dispatchEvent(new Event("change"))
  }
  let pending = 0
  const refresh = () => {
    const ticket = ++pending
    autocomplete(url, search.value.trim()).then((found) => {
      if (ticket !== pending) return
      for (const item of results.querySelectorAll("li")) {
        if (!item.querySelector("input").checked) item.remove()
      }
      for (const { id, text } of found) add(id, text)
    })
  }
  search.addEventListener("input", refresh)
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault()
  })
  refresh()
  return { search, results, chosen, add }
}

// The photo picker: search the library, or upload through the library's checked path.
function pickPhotos(editor, options, { multiple, title }) {
  const preview = crel("div", { className: "body-photo-preview" })
  const list = searchList({
    url: options.searchUrl,
    multiple,
    name: "image",
    placeholder: gettext("Search the library: caption, credit, source"),
    onChoose(id, checked) {
      if (!checked) return
      imageDetails(options.detailsUrl, id).then((details) => {
        preview.replaceChildren()
        if (!details) return
        if (details.thumbnail_url) {
          preview.append(crel("img", { src: details.thumbnail_url, alt: details.alt_text || "" }))
        }
        preview.append(
          crel("p", { textContent: details.caption || gettext("No caption") }),
          crel("p", {
            textContent: `${gettext("Credit")}: ${details.credit || gettext("missing")}`,
          }),
        )
      })
    },
  })
  const upload = uploadForm(options, (image) => list.add(image.id, image.text, true))
  const parts = [
    field(gettext("Photo"), list.search),
    list.results,
    preview,
    upload,
  ]
  const caption = crel("input", { type: "text", name: "caption" })
  const align = crel("select", { name: "align" }, [
    crel("option", { value: "full", textContent: gettext("Full width") }),
    crel("option", { value: "inline", textContent: gettext("Beside the text") }),
  ])
  if (!multiple) {
    parts.push(
      field(gettext("Caption for this story"), caption, gettext("Empty: the library's caption.")),
      field(gettext("Placement"), align),
    )
  }
  return openDialog(editor, {
    title,
    parts,
    className: "body-photo-dialog",
    submitText: gettext("Insert"),
    collect() {
      if (!list.chosen.size) {
        list.search.setCustomValidity(gettext("Choose a photo."))
        list.search.reportValidity()
        list.search.setCustomValidity("")
        return null
      }
      return { ids: [...list.chosen.keys()], caption: caption.value.trim(), align: align.value }
    },
  })
}

function uploadForm(options, onUploaded) {
  if (!options.uploadUrl) return crel("div")
  const file = crel("input", { type: "file", name: "file", accept: "image/*" })
  const inputs = ["alt_text", "caption", "credit"].map((name) =>
    crel("input", { type: "text", name: `upload_${name}` }),
  )
  const status = crel("p", { className: "body-photo-upload-status", role: "status" })
  const send = crel("button", { type: "button", textContent: gettext("Upload") })
  send.addEventListener("click", () => {
    if (!file.files.length) return
    const data = new FormData()
    data.append("file", file.files[0])
    for (const input of inputs) data.append(input.name.replace("upload_", ""), input.value)
    status.textContent = gettext("Uploading…")
    fetch(options.uploadUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    })
      .then((response) => response.json().then((body) => ({ ok: response.ok, body })))
      .then(({ ok, body }) => {
        if (!ok) {
          status.textContent = Object.values(body.errors || {}).flat().join(" ")
          return
        }
        status.textContent = body.duplicate
          ? gettext("This photo is already in the library; it is chosen.")
          : gettext("Uploaded and chosen.")
        onUploaded(body)
      })
      .catch(() => {
        status.textContent = gettext("The upload failed; try again.")
      })
  })
  const [alt, caption, credit] = inputs
  return crel("details", { className: "body-photo-upload" }, [
    crel("summary", { textContent: gettext("Upload a new photo") }),
    field(gettext("File"), file),
    field(gettext("Alt text"), alt),
    field(gettext("Caption"), caption),
    field(gettext("Credit"), credit),
    send,
    status,
  ])
}

// Attributes stored as data-* on the element; empty ones are left out.
function dataAttribute(name, fallback = "") {
  return {
    default: fallback,
    parseHTML: (element) => element.getAttribute(`data-${name}`) ?? fallback,
    renderHTML: (attributes) =>
      attributes[name] === "" || attributes[name] == null
        ? {}
        : { [`data-${name}`]: attributes[name] },
  }
}

// A block goes after the block the cursor is in (never splitting a paragraph, never over a
// selected element), or in place of an empty paragraph. At the end of the body an empty
// paragraph follows it, for the cursor: a selected element loses its place when the menu
// takes the focus.
function insertBlock(editor, content) {
  const { selection, doc } = editor.state
  const $to = doc.resolve(selection.to)
  const block = $to.depth ? $to.node(1) : null
  let at = $to.depth ? $to.after(1) : selection.to
  if (block?.isTextblock && block.content.size === 0) at = $to.before(1)
  const last = at >= doc.content.size
  editor
    .chain()
    .focus()
    .insertContentAt(at, last ? [content, { type: "paragraph" }] : content)
    .run()
}

function insertMenuItem(menu, buttons, { name, label, title, command }) {
  menu.defineItem({
    name,
    groups: "nodes bodyElements",
    priority: 10,
    button: buttons.text(label, title),
    command,
  })
}

// Library photos and galleries ----------------------------------------------------------

function photoView(options) {
  return ({ node }) => {
    const dom = crel("figure", { className: "body-element body-photo-element" })
    dom.contentEditable = "false"
    const render = (current) => {
      const { image, caption, align } = current.attrs
      dom.dataset.image = image
      dom.dataset.align = align
      const shown = crel("p", { className: "body-element-caption", textContent: caption })
      const credit = crel("p", { className: "body-element-credit" })
      dom.replaceChildren(crel("div", { className: "body-element-thumbnail" }), shown, credit)
      imageDetails(options.detailsUrl, image).then((details) => {
        if (!details) {
          credit.textContent = gettext("This photo is not in the library.")
          return
        }
        if (details.thumbnail_url) {
          dom.firstChild.append(crel("img", { src: details.thumbnail_url, alt: details.alt_text }))
        }
        if (!caption) shown.textContent = details.caption
        credit.textContent = `${gettext("Photo")}: ${details.credit || gettext("credit missing")}`
        if (!details.alt_text) credit.textContent += ` · ${gettext("alt text missing")}`
      })
    }
    render(node)
    return {
      dom,
      update(updated) {
        if (updated.type !== node.type) return false
        render(updated)
        return true
      },
      ignoreMutation: () => true,
    }
  }
}

export const BodyPhoto = Node.create({
  name: "bodyPhoto",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { searchUrl: "", detailsUrl: "", uploadUrl: "" }
  },

  addAttributes() {
    return {
      image: dataAttribute("image", null),
      align: {
        default: "full",
        parseHTML: (element) => element.getAttribute("data-align") || "full",
        renderHTML: (attributes) => ({ "data-align": attributes.align }),
      },
      caption: dataAttribute("caption"),
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-image]", priority: 60 }]
  },

  renderHTML({ HTMLAttributes }) {
    return ["figure", HTMLAttributes]
  },

  addNodeView() {
    return photoView(this.options)
  },

  addCommands() {
    return {
      insertBodyPhoto:
        () =>
        ({ editor }) => {
          pickPhotos(editor, this.options, {
            multiple: false,
            title: gettext("Insert a photo from the library"),
          }).then((chosen) => {
            if (!chosen) return
            insertBlock(editor, {
              type: this.name,
              attrs: { image: chosen.ids[0], caption: chosen.caption, align: chosen.align },
            })
          })
          return true
        },
      editBodyPhoto:
        () =>
        ({ editor, state }) => {
          const node = state.selection.node
          if (!node || node.type.name !== this.name) return false
          const caption = crel("input", { type: "text", name: "caption", value: node.attrs.caption })
          const align = crel("select", { name: "align" }, [
            crel("option", { value: "full", textContent: gettext("Full width") }),
            crel("option", { value: "inline", textContent: gettext("Beside the text") }),
          ])
          align.value = node.attrs.align
          openDialog(editor, {
            title: gettext("Edit the photo"),
            parts: [
              field(gettext("Caption for this story"), caption, gettext("Empty: the library's caption.")),
              field(gettext("Placement"), align),
            ],
            submitText: gettext("Update"),
            collect: () => ({ caption: caption.value.trim(), align: align.value }),
          }).then((attrs) => {
            if (attrs) editor.chain().focus().updateAttributes(this.name, attrs).run()
          })
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    insertMenuItem(menu, buttons, {
      name: "bodyPhoto",
      label: gettext("Photo"),
      title: gettext("Insert a photo from the library"),
      command: (editor) => editor.commands.insertBodyPhoto(),
    })
    menu.defineItem({
      name: "editBodyPhoto",
      groups: "nodes bodyElements",
      priority: 9,
      button: buttons.text(gettext("Edit photo"), gettext("Caption and placement of the photo")),
      command: (editor) => editor.commands.editBodyPhoto(),
      hidden: (editor) => editor.state.selection.node?.type.name !== "bodyPhoto",
    })
  },
})

export const BodyGallery = Node.create({
  name: "bodyGallery",
  group: "block",
  content: "bodyPhoto+",
  draggable: true,

  addOptions() {
    return { searchUrl: "", detailsUrl: "", uploadUrl: "" }
  },

  parseHTML() {
    return [{ tag: "div[data-gallery]", priority: 60 }]
  },

  renderHTML() {
    return ["div", { "data-gallery": "" }, 0]
  },

  addCommands() {
    return {
      insertBodyGallery:
        () =>
        ({ editor }) => {
          pickPhotos(editor, this.options, {
            multiple: true,
            title: gettext("Insert a gallery of library photos"),
          }).then((chosen) => {
            if (!chosen) return
            insertBlock(editor, {
              type: this.name,
              content: chosen.ids.map((image) => ({ type: "bodyPhoto", attrs: { image } })),
            })
          })
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    insertMenuItem(menu, buttons, {
      name: "bodyGallery",
      label: gettext("Gallery"),
      title: gettext("Insert several library photos as a gallery"),
      command: (editor) => editor.commands.insertBodyGallery(),
    })
  },
})

// Embeds --------------------------------------------------------------------------------

export const BodyEmbed = Node.create({
  name: "bodyEmbed",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      url: dataAttribute("embed"),
      title: dataAttribute("title"),
      author: dataAttribute("author"),
      thumbnail: dataAttribute("thumbnail"),
    }
  },

  parseHTML() {
    return [
      {
        tag: "figure[data-embed]",
        priority: 60,
        getAttrs: (element) => ({ url: element.getAttribute("data-embed") }),
      },
    ]
  },

  renderHTML({ node }) {
    const attributes = { "data-embed": node.attrs.url }
    for (const name of ["title", "author", "thumbnail"]) {
      if (node.attrs[name]) attributes[`data-${name}`] = node.attrs[name]
    }
    return ["figure", attributes]
  },

  addNodeView() {
    return ({ node }) => {
      const dom = crel("figure", { className: "body-element body-embed-element" })
      dom.contentEditable = "false"
      const { url, title, author } = node.attrs
      dom.append(
        crel("p", { className: "body-element-kind", textContent: gettext("Embed") }),
        crel("p", {
          className: "body-element-caption",
          textContent: title || gettext("Details are fetched when the story is saved."),
        }),
        crel("p", { className: "body-element-credit", textContent: [author, url].filter(Boolean).join(" · ") }),
      )
      return { dom, ignoreMutation: () => true }
    }
  },

  addCommands() {
    return {
      insertBodyEmbed:
        () =>
        ({ editor }) => {
          const url = crel("input", { type: "url", name: "url", required: true })
          openDialog(editor, {
            title: gettext("Insert an embed"),
            parts: [
              field(
                gettext("Address of the item"),
                url,
                gettext(
                  "YouTube, Vimeo, X, Instagram, Facebook, TikTok, SoundCloud, Spotify, " +
                    "Datawrapper, Flourish or Google Maps. Readers see a placeholder until they choose to load it.",
                ),
              ),
            ],
            submitText: gettext("Insert"),
            collect: () => url.value.trim(),
          }).then((address) => {
            if (!address) return
            insertBlock(editor, { type: this.name, attrs: { url: address } })
          })
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    insertMenuItem(menu, buttons, {
      name: "bodyEmbed",
      label: gettext("Embed"),
      title: gettext("Insert a video, post, audio, chart or map"),
      command: (editor) => editor.commands.insertBodyEmbed(),
    })
  },
})

// Pull quotes and fact boxes ------------------------------------------------------------

export const PullQuote = Node.create({
  name: "pullQuote",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      text: {
        default: "",
        rendered: false,
        parseHTML: (element) => element.querySelector("blockquote")?.textContent.trim() || "",
      },
      attribution: {
        default: "",
        rendered: false,
        parseHTML: (element) => element.querySelector("figcaption")?.textContent.trim() || "",
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-pull-quote]", priority: 60 }]
  },

  renderHTML({ node }) {
    const quote = ["figure", { "data-pull-quote": "" }, ["blockquote", ["p", node.attrs.text]]]
    if (node.attrs.attribution) quote.push(["figcaption", node.attrs.attribution])
    return quote
  },

  addNodeView() {
    return ({ node }) => {
      const dom = crel("figure", { className: "body-element body-pull-quote-element" })
      dom.contentEditable = "false"
      dom.append(
        crel("blockquote", { textContent: node.attrs.text }),
        crel("p", { className: "body-element-credit", textContent: node.attrs.attribution }),
      )
      return { dom, ignoreMutation: () => true }
    }
  },

  addCommands() {
    return {
      insertPullQuote:
        () =>
        ({ editor, state }) => {
          const current = state.selection.node?.type.name === this.name ? state.selection.node : null
          const text = crel("textarea", { name: "text", rows: 3, required: true })
          text.value = current?.attrs.text || ""
          const attribution = crel("input", { type: "text", name: "attribution" })
          attribution.value = current?.attrs.attribution || ""
          openDialog(editor, {
            title: gettext("Pull quote"),
            parts: [field(gettext("Quote"), text), field(gettext("Who said it"), attribution)],
            submitText: current ? gettext("Update") : gettext("Insert"),
            collect: () => ({ text: text.value.trim(), attribution: attribution.value.trim() }),
          }).then((attrs) => {
            if (!attrs || !attrs.text) return
            if (current) editor.chain().focus().updateAttributes(this.name, attrs).run()
            else insertBlock(editor, { type: this.name, attrs })
          })
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    insertMenuItem(menu, buttons, {
      name: "pullQuote",
      label: gettext("Quote"),
      title: gettext("Insert or edit a pull quote"),
      command: (editor) => editor.commands.insertPullQuote(),
    })
  },
})

export const FactBox = Node.create({
  name: "factBox",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      title: {
        default: "",
        rendered: false,
        parseHTML: (element) => element.querySelector("h3")?.textContent.trim() || "",
      },
      facts: {
        default: [],
        rendered: false,
        parseHTML: (element) =>
          [...element.querySelectorAll("li")].map((item) => item.textContent.trim()).filter(Boolean),
      },
    }
  },

  parseHTML() {
    return [{ tag: "aside[data-fact-box]", priority: 60 }]
  },

  renderHTML({ node }) {
    const box = ["aside", { "data-fact-box": "" }]
    if (node.attrs.title) box.push(["h3", node.attrs.title])
    box.push(["ul", ...node.attrs.facts.map((fact) => ["li", fact])])
    return box
  },

  addNodeView() {
    return ({ node }) => {
      const dom = crel("aside", { className: "body-element body-fact-box-element" })
      dom.contentEditable = "false"
      dom.append(
        crel("p", { className: "body-element-kind", textContent: node.attrs.title || gettext("Facts") }),
        crel("ul", {}, node.attrs.facts.map((fact) => crel("li", { textContent: fact }))),
      )
      return { dom, ignoreMutation: () => true }
    }
  },

  addCommands() {
    return {
      insertFactBox:
        () =>
        ({ editor, state }) => {
          const current = state.selection.node?.type.name === this.name ? state.selection.node : null
          const title = crel("input", { type: "text", name: "title" })
          title.value = current?.attrs.title || ""
          const facts = crel("textarea", { name: "facts", rows: 5, required: true })
          facts.value = (current?.attrs.facts || []).join("\n")
          openDialog(editor, {
            title: gettext("Fact box"),
            parts: [
              field(gettext("Title"), title),
              field(gettext("Facts"), facts, gettext("One fact a line.")),
            ],
            submitText: current ? gettext("Update") : gettext("Insert"),
            collect: () => ({
              title: title.value.trim(),
              facts: facts.value.split("\n").map((fact) => fact.trim()).filter(Boolean),
            }),
          }).then((attrs) => {
            if (!attrs || !attrs.facts.length) return
            if (current) editor.chain().focus().updateAttributes(this.name, attrs).run()
            else insertBlock(editor, { type: this.name, attrs })
          })
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    insertMenuItem(menu, buttons, {
      name: "factBox",
      label: gettext("Facts"),
      title: gettext("Insert or edit a fact box"),
      command: (editor) => editor.commands.insertFactBox(),
    })
  },
})

// Links to other stories ----------------------------------------------------------------

export const StoryLink = Mark.create({
  name: "storyLink",
  priority: 1100,
  inclusive: false,

  addOptions() {
    return { searchUrl: "" }
  },

  addAttributes() {
    return { story: dataAttribute("story", null) }
  },

  parseHTML() {
    return [{ tag: "a[data-story]" }]
  },

  renderHTML({ HTMLAttributes }) {
    return ["a", HTMLAttributes, 0]
  },

  addCommands() {
    return {
      linkToStory:
        () =>
        ({ editor }) => {
          const list = searchList({
            url: this.options.searchUrl,
            multiple: false,
            name: "story",
            placeholder: gettext("Search stories by headline"),
          })
          openDialog(editor, {
            title: gettext("Link to another story"),
            parts: [
              field(
                gettext("Story"),
                list.search,
                gettext("The link follows the story's address; readers see it once the story is public."),
              ),
              list.results,
            ],
            submitText: gettext("Link"),
            collect: () => {
              const [[id, text] = []] = list.chosen
              return id ? { id, text } : null
            },
          }).then((chosen) => {
            if (!chosen) return
            const { empty } = editor.state.selection
            const chain = editor.chain().focus()
            if (empty) {
              chain.insertContent({
                type: "text",
                text: chosen.text,
                marks: [{ type: this.name, attrs: { story: chosen.id } }],
              })
            } else {
              chain.setMark(this.name, { story: chosen.id })
            }
            chain.run()
          })
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "storyLink",
      groups: "link",
      button: buttons.text(gettext("Story link"), gettext("Link to another story")),
      command: (editor) => editor.commands.linkToStory(),
      active: (editor) => editor.isActive("storyLink"),
    })
    menu.defineItem({
      name: "storyUnlink",
      groups: "link",
      button: buttons.text(gettext("Unlink story"), gettext("Remove the link to a story")),
      command: (editor) => editor.chain().focus().extendMarkRange("storyLink").unsetMark("storyLink").run(),
      hidden: (editor) => !editor.isActive("storyLink"),
    })
  },
})

// Word count ------------------------------------------------------------------------------

function bodyText(doc) {
  const parts = []
  doc.descendants((node) => {
    if (node.isText) parts.push(node.text)
    else if (node.isBlock) parts.push("\n")
    if (node.type.name === "pullQuote") parts.push(node.attrs.text, node.attrs.attribution)
    if (node.type.name === "factBox") parts.push(node.attrs.title, ...node.attrs.facts)
  })
  return parts.join(" ")
}

export function writingCounts(text) {
  const words = text.split(/\s+/).filter(Boolean).length
  const characters = text.replace(/\s+/g, " ").trim().length
  const minutes = words ? Math.max(1, Math.ceil(words / READING_WORDS_PER_MINUTE)) : 0
  return { words, characters, minutes }
}

function showCounts(editor, dom) {
  const { words, characters, minutes } = writingCounts(bodyText(editor.state.doc))
  dom.textContent =
    `${words} ${words === 1 ? gettext("word") : gettext("words")} · ` +
    `${characters} ${gettext("characters")} · ` +
    `${gettext("reading time")} ${minutes} ${gettext("min")}`
}

export const WritingCounts = Extension.create({
  name: "writingCounts",

  addStorage() {
    return { dom: null }
  },

  onCreate() {
    const counts = crel("p", { className: "writing-counts help", "aria-live": "polite" })
    this.editor.view.dom.parentElement.after(counts)
    this.storage.dom = counts
    showCounts(this.editor, counts)
  },

  onUpdate() {
    if (this.storage.dom) showCounts(this.editor, this.storage.dom)
  },

  onDestroy() {
    this.storage.dom?.remove()
  },
})
