"""Training: the loop (`loop`), batches of packed tokens or masked exercises (`batches`), the LR schedule
(`schedule`), devices and DDP (`distributed`), throughput and MFU (`throughput`), and the grid of runs a
stage trains, side by side on a CPU (`grid`).
"""
