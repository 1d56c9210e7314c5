"""factcheck: check the facts and figures in news text before it is published."""
