# doithoai — the commands README gives. Every target installs what it needs first.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)
DB ?= ./doithoai.db
LISTEN ?= 127.0.0.1:8080
# ccache (enabled by CMake when present) shares hits between clones at different paths.
export CCACHE_BASEDIR ?= $(CURDIR)
GENERATOR := $(shell command -v ninja >/dev/null 2>&1 && echo Ninja || echo "Unix Makefiles")

.PHONY: all deps configure build run test lint format bench clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -G "$(GENERATOR)" -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCMAKE_EXPORT_COMPILE_COMMANDS=ON

configure: deps $(BUILD_DIR)/CMakeCache.txt

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/doithoai serve --db $(DB) --listen $(LISTEN) --demo

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600

lint: configure
	@bash scripts/lint.sh $(BUILD_DIR)

format: deps
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

bench: build
	@bash bench/http.sh

clean:
	rm -rf $(BUILD_DIR)
