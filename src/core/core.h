// os1 core: the ground every layer stands on. Include what you use; this
// header pulls in all of it for convenience.
#pragma once

#include "core/args.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/cpu.h"
#include "core/files.h"
#include "core/json.h"
#include "core/log.h"
#include "core/paths.h"
#include "core/result.h"
#include "core/thread_pool.h"
#include "core/toml.h"
