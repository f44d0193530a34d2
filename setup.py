"""Ship content/ and resources/ inside the wheel as app/_data/.

The repository keeps them at the top level (the product's layout); a wheel needs them inside
the package. app/paths.py looks in app/_data first, then in the checkout.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent
DATA_DIRS = ("content", "resources")


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        for name in DATA_DIRS:
            target = Path(self.build_lib) / "app" / "_data" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(ROOT / name, target)


setup(cmdclass={"build_py": BuildPyWithData})
