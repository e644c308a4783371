// The unit hierarchy now lives in domain/unit_tree.hpp (the web pages use it too).
#pragma once

#include "domain/unit_tree.hpp"
