/* validate-ui.c — validate GtkBuilder .ui files that use libadwaita and templates
 *
 * Copyright 2026 The Convene authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gtk4-builder-tool validate (GTK 4.8) cannot do this: it never loads libadwaita, so
 * every Adw* class is unknown, and a <template> whose parent is an Adw* class fails
 * with "Failed to lookup template parent type". This program initializes GTK and
 * libadwaita, then for each file:
 *  - a plain interface is loaded with gtk_builder_add_from_file();
 *  - a <template class="X" parent="Y"> is instantiated as a stand-in type X derived
 *    from Y (the real class lives in the app; only the .ui file is checked here) and
 *    the file is applied with gtk_builder_extend_with_template().
 * Signal handlers and closures resolve to a no-op, since they belong to the real class.
 * Unknown classes, properties, property values, child types and malformed XML fail.
 *
 * Usage: validate-ui [--expect-invalid] FILE.ui...   (needs a display: ui suite)
 * With --expect-invalid, every file must be rejected with an error (not a crash).
 */

#include <adwaita.h>
#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>

/* --- a builder scope whose callbacks are all no-ops ---------------------------- */

#define VALIDATE_TYPE_SCOPE (validate_scope_get_type ())
G_DECLARE_FINAL_TYPE (ValidateScope, validate_scope, VALIDATE, SCOPE, GtkBuilderCScope)

struct _ValidateScope
{
  GtkBuilderCScope parent_instance;
};

static GtkBuilderScopeInterface *validate_scope_parent_iface;

static void validate_scope_iface_init (GtkBuilderScopeInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ValidateScope, validate_scope, GTK_TYPE_BUILDER_CSCOPE,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDER_SCOPE,
                                                      validate_scope_iface_init))

static void
noop_callback (void)
{
}

static GClosure *
validate_scope_create_closure (GtkBuilderScope        *scope,
                               GtkBuilder             *builder,
                               const char             *function_name,
                               GtkBuilderClosureFlags  flags,
                               GObject                *object,
                               GError                **error)
{
  if (function_name == NULL || *function_name == '\0')
    {
      g_set_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_INVALID_FUNCTION,
                   "Empty callback name");
      return NULL;
    }

  return g_cclosure_new (G_CALLBACK (noop_callback), NULL, NULL);
}

static void
validate_scope_iface_init (GtkBuilderScopeInterface *iface)
{
  validate_scope_parent_iface = g_type_interface_peek_parent (iface);
  iface->get_type_from_name = validate_scope_parent_iface->get_type_from_name;
  iface->get_type_from_function = validate_scope_parent_iface->get_type_from_function;
  iface->create_closure = validate_scope_create_closure;
}

static void
validate_scope_class_init (ValidateScopeClass *klass)
{
}

static void
validate_scope_init (ValidateScope *self)
{
}

/* --- finding the <template> element ------------------------------------------- */

typedef struct
{
  char *class_name;
  char *parent_name;
} TemplateInfo;

static void
find_template_start (GMarkupParseContext  *context,
                     const char           *element_name,
                     const char          **attribute_names,
                     const char          **attribute_values,
                     gpointer              user_data,
                     GError              **error)
{
  TemplateInfo *info = user_data;

  if (strcmp (element_name, "template") != 0 || info->class_name != NULL)
    return;

  for (guint i = 0; attribute_names[i] != NULL; i++)
    {
      if (strcmp (attribute_names[i], "class") == 0)
        info->class_name = g_strdup (attribute_values[i]);
      else if (strcmp (attribute_names[i], "parent") == 0)
        info->parent_name = g_strdup (attribute_values[i]);
    }

  if (info->class_name == NULL || info->parent_name == NULL)
    g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_MISSING_ATTRIBUTE,
                 "<template> needs both a class and a parent attribute");
}

static gboolean
find_template (const char    *contents,
               gsize          length,
               TemplateInfo  *info,
               GError       **error)
{
  static const GMarkupParser parser = { find_template_start, NULL, NULL, NULL, NULL };
  GMarkupParseContext *context;
  gboolean ok;

  context = g_markup_parse_context_new (&parser, 0, info, NULL);
  ok = g_markup_parse_context_parse (context, contents, length, error) &&
       g_markup_parse_context_end_parse (context, error);
  g_markup_parse_context_free (context);

  return ok;
}

/* --- validation ------------------------------------------------------------------ */

static GPtrArray *kept_objects;

static GType
stand_in_type (const char  *class_name,
               const char  *parent_name,
               GError     **error)
{
  GType parent_type;
  GType type;
  GTypeQuery query;

  type = g_type_from_name (class_name);
  if (type != G_TYPE_INVALID)
    {
      if (!g_type_is_a (type, g_type_from_name (parent_name)))
        {
          g_set_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_INVALID_VALUE,
                       "Type %s exists and is not a %s", class_name, parent_name);
          return G_TYPE_INVALID;
        }
      return type;
    }

  parent_type = g_type_from_name (parent_name);
  if (parent_type == G_TYPE_INVALID || !g_type_is_a (parent_type, G_TYPE_OBJECT))
    {
      g_set_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_INVALID_VALUE,
                   "Unknown template parent type %s", parent_name);
      return G_TYPE_INVALID;
    }
  if (G_TYPE_IS_FINAL (parent_type))
    {
      g_set_error (error, GTK_BUILDER_ERROR, GTK_BUILDER_ERROR_INVALID_VALUE,
                   "Template parent type %s is final", parent_name);
      return G_TYPE_INVALID;
    }

  g_type_query (parent_type, &query);
  return g_type_register_static_simple (parent_type, class_name,
                                        query.class_size, NULL,
                                        query.instance_size, NULL, 0);
}

static gboolean
validate_file (const char  *filename,
               GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;
  TemplateInfo info = { NULL, NULL };
  g_autoptr (GtkBuilder) builder = NULL;
  g_autoptr (ValidateScope) scope = NULL;
  gboolean ok;

  if (!g_file_get_contents (filename, &contents, &length, error))
    return FALSE;

  if (!find_template (contents, length, &info, error))
    return FALSE;

  builder = gtk_builder_new ();
  scope = g_object_new (VALIDATE_TYPE_SCOPE, NULL);
  gtk_builder_set_scope (builder, GTK_BUILDER_SCOPE (scope));

  if (info.class_name == NULL)
    {
      ok = gtk_builder_add_from_string (builder, contents, length, error);
      if (ok)
        {
          /* Windows built from a plain interface are owned by GTK's toplevel list. */
          GSList *objects = gtk_builder_get_objects (builder);
          for (GSList *l = objects; l != NULL; l = l->next)
            if (GTK_IS_WINDOW (l->data))
              gtk_window_destroy (GTK_WINDOW (l->data));
          g_slist_free (objects);
        }
    }
  else
    {
      GType type = stand_in_type (info.class_name, info.parent_name, error);
      GObject *object;

      if (type == G_TYPE_INVALID)
        ok = FALSE;
      else
        {
          object = g_object_new (type, NULL);
          ok = gtk_builder_extend_with_template (builder, object, type,
                                                 contents, length, error);
          /* The instance is deliberately kept until the process exits. GTK 4.8 warns
           * ("g_object_weak_unref: couldn't find weak ref") when a window whose template
           * was applied with gtk_builder_extend_with_template() is destroyed while a
           * <binding> still watches a sibling; the real class is set up with
           * gtk_widget_class_set_template() and is torn down by the ui smoke test. */
          g_ptr_array_add (kept_objects, object);
        }
    }

  g_free (info.class_name);
  g_free (info.parent_name);

  return ok;
}

int
main (int   argc,
      char *argv[])
{
  gboolean expect_invalid = FALSE;
  int first = 1;
  int failures = 0;

  if (argc > 1 && strcmp (argv[1], "--expect-invalid") == 0)
    {
      expect_invalid = TRUE;
      first = 2;
    }

  if (argc <= first)
    {
      g_printerr ("Usage: %s [--expect-invalid] FILE.ui...\n", argv[0]);
      return 2;
    }

  if (!gtk_init_check ())
    {
      g_printerr ("%s: no display (run under Xvfb)\n", argv[0]);
      return 1;
    }
  adw_init ();
  kept_objects = g_ptr_array_new ();

  for (int i = first; i < argc; i++)
    {
      g_autoptr (GError) error = NULL;
      gboolean valid = validate_file (argv[i], &error);

      if (valid && !expect_invalid)
        g_print ("ok: %s\n", argv[i]);
      else if (!valid && expect_invalid)
        g_print ("ok: %s rejected as expected: %s\n", argv[i], error->message);
      else if (valid)
        {
          g_printerr ("%s: accepted, but it is invalid\n", argv[i]);
          failures++;
        }
      else
        {
          g_printerr ("%s: %s\n", argv[i], error->message);
          failures++;
        }
    }

  return failures == 0 ? 0 : 1;
}
