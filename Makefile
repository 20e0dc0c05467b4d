# Thin wrappers over scripts/. The two commands a newcomer needs:
#   make run    install what is missing, build, start on SQLite with demo data
#   make test   install what is missing, build, run every test
.PHONY: run test build bench bench-imports asan clean

run:
	scripts/setup.sh
	XIEZUO_BUILD_TESTS=OFF scripts/build.sh release
	scripts/run.sh

test:
	scripts/setup.sh --test
	scripts/test.sh

build:
	scripts/setup.sh
	scripts/build.sh debug

# Benchmarks (Release build; minutes, not part of `make test`).
# BENCH_ARGS passes flags, e.g. make bench BENCH_ARGS="--workers 100000".
bench:
	scripts/bench.sh match $(BENCH_ARGS)

# Worker list import, 1 M rows from CSV and XLSX (issue 3), e.g.
# make bench-imports BENCH_ARGS="--rows 100000".
bench-imports:
	scripts/bench.sh imports $(BENCH_ARGS)

asan:
	scripts/setup.sh --test
	XIEZUO_CONFIG=asan scripts/test.sh

clean:
	rm -rf build web/dist
