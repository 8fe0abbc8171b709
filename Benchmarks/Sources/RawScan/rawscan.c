#include "rawscan.h"

#include <yaml.h>

int rawscan_count_events(const uint8_t *bytes, size_t length, size_t *events) {
    yaml_parser_t parser;
    yaml_event_t event;
    size_t count = 0;
    int status = 0;

    if (!yaml_parser_initialize(&parser)) return -1;
    yaml_parser_set_input_string(&parser, bytes, length);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    for (;;) {
        if (!yaml_parser_parse(&parser, &event)) {
            status = -1;
            break;
        }
        yaml_event_type_t type = event.type;
        yaml_event_delete(&event);
        count++;
        if (type == YAML_STREAM_END_EVENT) break;
    }
    yaml_parser_delete(&parser);
    *events = count;
    return status;
}
