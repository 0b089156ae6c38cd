// Owning handles for the GLib objects the libfprint backend holds, so every
// early return releases what it took.
#pragma once

#include <glib-object.h>

#include <memory>

namespace drivers::glib {

struct ObjectUnref {
  void operator()(gpointer object) const { g_object_unref(object); }
};
struct ErrorFree {
  void operator()(GError* error) const { g_error_free(error); }
};
struct SourceDestroy {
  void operator()(GSource* source) const {
    g_source_destroy(source);
    g_source_unref(source);
  }
};

template <typename T>
using ObjectPtr = std::unique_ptr<T, ObjectUnref>;
using ErrorPtr = std::unique_ptr<GError, ErrorFree>;
using SourcePtr = std::unique_ptr<GSource, SourceDestroy>;

}  // namespace drivers::glib
