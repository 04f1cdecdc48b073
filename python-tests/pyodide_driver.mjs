// Runs driver.py under Pyodide (CPython 3.12 on wasm32) in node, the CPython
// oracle of last resort for ./run when no native CPython 3.12 is installed.
//
//   node pyodide_driver.mjs PYODIDE_DIR TESTS_DIR RESULTS_FILE test_x.py ... [-v]
//
// TESTS_DIR and the results file's folder are mounted into Pyodide's file
// system at the same paths, so driver.py reads and writes them directly.
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, testsDir, resultsFile, ...rest] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: pyodideDir + path.sep });

function mount(dir) {
  py.FS.mkdirTree(dir);
  py.FS.mount(py.FS.filesystems.NODEFS, { root: dir }, dir);
}
const resultsDir = path.dirname(path.resolve(resultsFile));
mount(path.resolve(testsDir));
if (!resultsDir.startsWith(path.resolve(testsDir))) mount(resultsDir);

py.globals.set("driver_args", py.toPy([path.resolve(resultsFile), ...rest]));
const status = py.runPython(`
import os, sys
os.chdir(${JSON.stringify(path.resolve(testsDir))})
sys.path.insert(0, os.getcwd())
sys.argv = ["driver.py"] + list(driver_args)
import driver
driver.main(sys.argv[1:])
`);
process.exit(status ?? 0);
