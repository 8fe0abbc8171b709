#ifndef RAWSCAN_H
#define RAWSCAN_H

#include <stddef.h>
#include <stdint.h>

/// Parses `length` bytes of UTF-8 YAML with libyaml's event API and does nothing with the
/// events but count them: the floor any libyaml-based loader is measured against.
/// Returns 0 on success (and stores the number of events in `*events`), -1 on a parse error.
int rawscan_count_events(const uint8_t *bytes, size_t length, size_t *events);

#endif
