"""The package's one compiled module; everything else is in pyproject.toml.

network/_paths.pyx (the unfiltered path query) is compiled with Cython when the package is
installed (`make install`: `pip install --no-build-isolation -e .`, Cython from
requirements.lock). Without it the numba kernels answer the same queries, slower.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("bicentennial.network._paths", ["src/bicentennial/network/_paths.pyx"],
                             extra_compile_args=["-O3"])])
