"""Holdings files: a portfolio's or a fund's positions, with identifiers and values."""

from rightscreen.holdings.model import Holding, HoldingsFile
from rightscreen.holdings.readers import read_holdings

__all__ = ["Holding", "HoldingsFile", "read_holdings"]
